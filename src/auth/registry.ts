// BI tokens issued by the gateway (collection `api_tokens`). Only metadata is stored, never the
// JWT: a leaked collection must not hand out working tokens. Revocation lives here, in MongoDB,
// so every gateway instance sees it on the next request (docs/design.md, "Scale").
import type { Collection, Db } from 'mongodb';
import type { Role } from '../policy/roles';

export const API_TOKENS_COLLECTION = 'api_tokens';

export interface NewTokenRecord {
  readonly jti: string;
  readonly name: string;
  readonly subject: string;
  readonly role: Role;
  readonly scopes: readonly string[];
  readonly expiresAt: Date;
  /** Who minted it, e.g. `cli:alice`. */
  readonly createdBy: string;
  /** Report ids the token may run (BI endpoint and GraphQL by report id); empty: none. */
  readonly reports?: readonly string[];
  /** Client networks (CIDR) the token is accepted from; empty: anywhere. */
  readonly networks?: readonly string[];
}

export interface TokenInfo extends NewTokenRecord {
  readonly reports: readonly string[];
  readonly networks: readonly string[];
  readonly createdAt: Date;
  readonly revokedAt: Date | null;
  readonly lastUsedAt: Date | null;
  readonly lastUsedFrom: string | null;
}

/** What a request needs to know of an active BI token. */
export interface ActiveToken {
  readonly reports: readonly string[];
  readonly networks: readonly string[];
  readonly lastUsedAt: Date | null;
}

export interface TokenRegistry {
  record(token: NewTokenRecord): Promise<void>;
  /** True when the token exists (now revoked, or already was); false for an unknown jti. */
  revoke(jti: string): Promise<boolean>;
  /** All tokens, oldest first. */
  list(): Promise<TokenInfo[]>;
  /** Exists, not revoked, not expired. Asked on every request carrying a BI token: never cached. */
  isActive(jti: string): Promise<boolean>;
  /** The active token's restrictions, or null when it is unknown, revoked or expired. Never cached. */
  lookup(jti: string): Promise<ActiveToken | null>;
  /** Notes when and from where the token was last used. */
  touch(jti: string, at: Date, from: string | null): Promise<void>;
}

interface TokenDoc {
  _id: string;
  name: string;
  subject: string;
  role: Role;
  scopes: string[];
  expiresAt: Date;
  createdBy: string;
  createdAt: Date;
  revokedAt: Date | null;
  reports?: string[];
  networks?: string[];
  lastUsedAt?: Date | null;
  lastUsedFrom?: string | null;
}

export function createTokenRegistry(db: Db): TokenRegistry {
  const tokens: Collection<TokenDoc> = db.collection<TokenDoc>(API_TOKENS_COLLECTION);

  return {
    async record(t) {
      await tokens.insertOne({
        _id: t.jti,
        name: t.name,
        subject: t.subject,
        role: t.role,
        scopes: [...t.scopes],
        expiresAt: t.expiresAt,
        createdBy: t.createdBy,
        createdAt: new Date(),
        revokedAt: null,
        reports: [...(t.reports ?? [])],
        networks: [...(t.networks ?? [])],
        lastUsedAt: null,
        lastUsedFrom: null,
      });
    },

    async revoke(jti) {
      const res = await tokens.updateOne({ _id: jti, revokedAt: null }, { $set: { revokedAt: new Date() } });
      if (res.matchedCount === 1) return true;
      return (await tokens.findOne({ _id: jti }, { projection: { _id: 1 } })) !== null;
    },

    async list() {
      const docs = await tokens.find({}).sort({ createdAt: 1, _id: 1 }).toArray();
      return docs.map(({ _id, ...rest }) => ({
        jti: _id,
        ...rest,
        reports: rest.reports ?? [],
        networks: rest.networks ?? [],
        revokedAt: rest.revokedAt ?? null,
        lastUsedAt: rest.lastUsedAt ?? null,
        lastUsedFrom: rest.lastUsedFrom ?? null,
      }));
    },

    async isActive(jti) {
      const doc = await tokens.findOne({ _id: jti, revokedAt: null, expiresAt: { $gt: new Date() } }, { projection: { _id: 1 } });
      return doc !== null;
    },

    async lookup(jti) {
      const doc = await tokens.findOne({ _id: jti, revokedAt: null, expiresAt: { $gt: new Date() } }, { projection: { reports: 1, networks: 1, lastUsedAt: 1 } });
      if (doc === null) return null;
      // Tokens recorded before reports existed have no list: they may run none (fail closed).
      return { reports: doc.reports ?? [], networks: doc.networks ?? [], lastUsedAt: doc.lastUsedAt ?? null };
    },

    async touch(jti, at, from) {
      await tokens.updateOne({ _id: jti }, { $set: { lastUsedAt: at, lastUsedFrom: from } });
    },
  };
}
