// Variant "naive secure": the common hand-built secure setup. JWT verified with jose in the
// context; graphql-shield with a rule on every type (fallback deny, cache 'contextual');
// graphql-middleware masking on every sensitive field, with one audit entry pushed per value and
// the request's entries inserted before the response is sent. Same resolvers and reads as
// "plain", same policy and maskers as the gateway, so the difference is the architecture.
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type DataLoader from 'dataloader';
import type { GraphQLResolveInfo } from 'graphql';
import { applyMiddleware, type IMiddlewareFunction } from 'graphql-middleware';
import { allow, deny, rule, shield } from 'graphql-shield';
import { jwtVerify } from 'jose';
import type { Db, Document, ObjectId } from 'mongodb';
import { applyMask, type MaskContext } from '../../src/masking';
import type { DataClass } from '../../src/policy/classes';
import { loadPolicy } from '../../src/policy/load';
import type { Role } from '../../src/policy/roles';
import { loadTypeDefs } from '../../src/schema/load-sdl';
import { dealsLoader } from './crm-reads';
import { isBenchEntry, runChild, type VariantDeps, type VariantServer } from './harness';
import { plainResolvers } from './plain';

export const NAIVE_AUDIT_COLLECTION = 'bench_naive_audit';

interface NaiveUser {
  sub: string;
  role: Role;
}

interface AuditEntry {
  at: Date;
  sub: string;
  role: Role;
  collection: string;
  documentId: unknown;
  field: string;
  level: string;
}

interface NaiveContext {
  db: Db;
  deals: DataLoader<ObjectId, Document[], string>;
  user: NaiveUser | null;
  audit: AuditEntry[];
}

const SENSITIVE: Record<string, Record<string, DataClass>> = {
  Customer: { name: 'NAME', birthDate: 'BIRTH_DATE', phone: 'PHONE', email: 'EMAIL', idNumber: 'NATIONAL_ID', address: 'ADDRESS', bankCard: 'BANK_CARD' },
  Interaction: { summary: 'FREE_TEXT' },
};
const COLLECTIONS: Record<string, string> = { Customer: 'customers', Interaction: 'interactions' };
const CUSTOMER_ROLES = new Set<Role>(['admin', 'manager', 'sales', 'support']);

const isAuthenticated = rule({ cache: 'contextual' })((_parent, _args, ctx: NaiveContext) => ctx.user !== null);
const canReadCustomers = rule({ cache: 'contextual' })((_parent, _args, ctx: NaiveContext) => ctx.user !== null && CUSTOMER_ROLES.has(ctx.user.role));

const permissions = shield(
  {
    Query: { customers: canReadCustomers, customer: canReadCustomers },
    CustomerConnection: isAuthenticated,
    CustomerEdge: isAuthenticated,
    PageInfo: allow,
    Customer: canReadCustomers,
    Deal: canReadCustomers,
    Interaction: canReadCustomers,
  },
  { fallbackRule: deny },
);

function maskingMiddleware(): Record<string, Record<string, IMiddlewareFunction>> {
  const policy = loadPolicy(null);
  const middleware: Record<string, Record<string, IMiddlewareFunction>> = {};
  for (const [typeName, fields] of Object.entries(SENSITIVE)) {
    middleware[typeName] = {};
    for (const [fieldName, cls] of Object.entries(fields)) {
      middleware[typeName]![fieldName] = async (resolve, parent: Document, args, ctx: NaiveContext, info: GraphQLResolveInfo) => {
        const value: unknown = await resolve(parent, args, ctx, info);
        const user = ctx.user!;
        const maskContext: MaskContext = { tokenKey: TOKEN_KEY, now: new Date(), gender: parent.gender === 'M' || parent.gender === 'F' ? parent.gender : null };
        const masked = applyMask(cls, value, policy.level(user.role, cls, false), maskContext);
        ctx.audit.push({
          at: new Date(),
          sub: user.sub,
          role: user.role,
          collection: COLLECTIONS[typeName]!,
          documentId: parent._id,
          field: `${typeName}.${fieldName}`,
          level: masked.served,
        });
        return masked.value;
      };
    }
  }
  return middleware;
}

const TOKEN_KEY = Buffer.alloc(32, 7);

function auditFlushPlugin(db: Db, onWritten: (n: number) => void): ApolloServerPlugin<NaiveContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue }) {
          if (contextValue.audit.length === 0) return;
          await db.collection(NAIVE_AUDIT_COLLECTION).insertMany(contextValue.audit);
          onWritten(contextValue.audit.length);
        },
      };
    },
  };
}

export async function startNaiveSecure({ db, env }: Pick<VariantDeps, 'db' | 'env'>, port = 0): Promise<VariantServer & { auditRecords(): number }> {
  const secret = env.JWT_SECRET;
  if (!secret || !env.JWT_ISSUER || !env.JWT_AUDIENCE) throw new Error('naive secure needs JWT_SECRET, JWT_ISSUER and JWT_AUDIENCE');
  const key = new TextEncoder().encode(secret);
  const verifyOptions = { issuer: env.JWT_ISSUER, audience: env.JWT_AUDIENCE, algorithms: ['HS256'] };

  const base = makeExecutableSchema({ typeDefs: loadTypeDefs(), resolvers: plainResolvers });
  const schema = applyMiddleware(base, permissions, maskingMiddleware());
  let written = 0;
  const server = new ApolloServer<NaiveContext>({
    schema,
    plugins: [auditFlushPlugin(db, (n) => (written += n))],
  });
  const { url } = await startStandaloneServer(server, {
    listen: { port, host: '127.0.0.1' },
    context: async ({ req }) => {
      let user: NaiveUser | null = null;
      const header = req.headers.authorization;
      if (header?.startsWith('Bearer ')) {
        try {
          const { payload } = await jwtVerify(header.slice(7), key, verifyOptions);
          const roles = Array.isArray(payload.roles) ? (payload.roles as Role[]) : [];
          if (payload.sub && roles[0]) user = { sub: payload.sub, role: roles[0] };
        } catch {
          user = null;
        }
      }
      return { db, deals: dealsLoader(db), user, audit: [] };
    },
  });
  return { url, auditRecords: () => written, close: () => server.stop() };
}

if (isBenchEntry(import.meta.url)) await runChild('naive-secure', startNaiveSecure);
