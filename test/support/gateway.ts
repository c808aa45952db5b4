// Starts a real gateway for end-to-end tests: a test MongoDB (embedded, or MONGODB_URI), the
// synthetic data set, an HS256-configured identity, and helpers that sign real tokens and send
// GraphQL over HTTP.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CommandStartedEvent } from 'mongodb';
import pino from 'pino';
import { loadSigner, type IssueTokenInput } from '../../src/auth/signer';
import { loadConfig, type Config } from '../../src/config/env';
import { seedDatabase } from '../../src/data/seed';
import { startGateway, type RunningGateway } from '../../src/http/gateway';
import type { Tracing } from '../../src/telemetry/tracing';
import type { Role } from '../../src/policy/roles';
import { TEST_AUDIT_KEY } from './keys';
import { startTestMongo, type TestMongo } from './mongo';

export const TEST_SECRET = 'test-secret-0123456789-abcdefghijklmnop';
export const TEST_ISSUER = 'https://idp.test/realms/crm';
export const TEST_AUDIENCE = 'crm-gateway-test';

export interface GraphQLResponse<T = any> {
  status: number;
  body: { data?: T; errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[]; extensions?: Record<string, any> };
  headers: Headers;
}

export interface TestGateway {
  readonly url: string;
  readonly mongo: TestMongo;
  readonly config: Config;
  readonly gateway: RunningGateway;
  /** Signs a real token with the configured key. */
  token(input: Partial<IssueTokenInput> & { sub: string; role: Role }): Promise<string>;
  gql<T = any>(token: string | null, query: string, variables?: Record<string, unknown>, init?: { headers?: Record<string, string> }): Promise<GraphQLResponse<T>>;
  /** MongoDB commands sent while fn runs (from the driver's command monitoring). */
  countCommands(fn: () => Promise<unknown>): Promise<CommandStartedEvent[]>;
  close(): Promise<void>;
}

export interface TestGatewayOptions {
  customers?: number;
  /** Extra environment; a function gets the test database's name (e.g. for a key vault inside it). */
  env?: Record<string, string> | ((dbName: string) => Record<string, string>);
  seed?: boolean;
  /** A MongoDB started elsewhere instead of an in-process embedded store (ignored with MONGODB_URI). */
  mongoUri?: string;
  /** Runs against the seeded database before the gateway starts (e.g. reshape documents). */
  beforeStart?: (db: import('mongodb').Db) => Promise<unknown>;
  /** A second instance on the first one's database (its own audit chain); close() leaves the store to the first. */
  sameDatabaseAs?: TestGateway;
  /** Defaults to a silent logger. */
  logger?: import('pino').Logger;
  tracing?: Tracing;
}

export async function startTestGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const shared = options.sameDatabaseAs?.mongo;
  const mongo = shared ?? (await startTestMongo({ monitorCommands: true, ...(options.mongoUri && !process.env.MONGODB_URI ? { uri: options.mongoUri } : {}) }));
  const db = mongo.db();
  if (options.seed !== false && !shared) await seedDatabase(db, { customers: options.customers ?? 60 });
  await options.beforeStart?.(db);
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    JWT_SECRET: TEST_SECRET,
    JWT_ISSUER: TEST_ISSUER,
    JWT_AUDIENCE: TEST_AUDIENCE,
    PSEUDONYM_KEY: 'test-pseudonym-key-0123456789-abcdefghij',
    AUDIT_SIGNING_KEY: TEST_AUDIT_KEY,
    LOCAL_DIR: mkdtempSync(path.join(tmpdir(), 'crm-gw-')),
    MONGODB_DB: mongo.dbName,
    LOG_LEVEL: 'silent',
    // Test files run side by side on two cores: an event loop that lags there is the machine, not
    // overload. The test of load shedding sets its own limits.
    MAX_EVENT_LOOP_DELAY: '60s',
    AUDIT_INSTANCE_ID: shared ? `test-${Math.random().toString(36).slice(2, 8)}` : 'test-a',
    // Tests talk to the gateway over loopback; HTTPS has its own tests (test/http/tls.test.ts).
    TRUST_PROXY_TLS: '1',
    ...(typeof options.env === 'function' ? options.env(mongo.dbName) : options.env),
  });
  let gateway: RunningGateway;
  try {
    options.tracing?.monitorMongo(mongo.client);
    gateway = await startGateway({ config, db, logger: options.logger ?? pino({ level: 'silent' }), ...(options.tracing ? { tracing: options.tracing } : {}) });
  } catch (err) {
    await mongo.close();
    throw err;
  }
  const signer = await loadSigner(config);
  if (!signer) throw new Error('test gateway has no signer');

  let events: CommandStartedEvent[] | null = null;
  mongo.client.on('commandStarted', (e) => events?.push(e));

  return {
    url: gateway.url,
    mongo,
    config,
    gateway,
    async token(input) {
      const { jwt } = await signer.issue({ ttlMs: 3_600_000, ...input });
      return jwt;
    },
    async gql(token, query, variables, init) {
      const res = await fetch(gateway.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...init?.headers,
        },
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, body: (await res.json()) as GraphQLResponse['body'], headers: res.headers };
    },
    async countCommands(fn) {
      events = [];
      try {
        await fn();
        return events;
      } finally {
        events = null;
      }
    },
    async close() {
      await gateway.close();
      if (!shared) await mongo.close();
    },
  };
}
