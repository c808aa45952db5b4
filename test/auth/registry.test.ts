import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MongoClient, type Db } from 'mongodb';
import { startTestMongo } from '../support/mongo';
import { API_TOKENS_COLLECTION, createTokenRegistry, type NewTokenRecord } from '../../src/auth/registry';
import { createTokenVerifier } from '../../src/auth/verifier';
import { loadVerificationKeys } from '../../src/auth/signer';
import { AuthError } from '../../src/auth/errors';
import { claims, configFor, keyPair, sign } from './helpers';

let mongo: Awaited<ReturnType<typeof startTestMongo>>;
let db: Db;

beforeAll(async () => {
  mongo = await startTestMongo();
  db = mongo.db();
});
afterAll(() => mongo?.close());
beforeEach(async () => {
  await db.collection(API_TOKENS_COLLECTION).deleteMany({});
});

const token = (overrides: Partial<NewTokenRecord> = {}): NewTokenRecord => ({
  jti: 'jti-a',
  name: 'metabase',
  subject: 'u-bi',
  role: 'analyst',
  scopes: ['read'],
  expiresAt: new Date(Date.now() + 3_600_000),
  createdBy: 'cli:test',
  ...overrides,
});

describe('BI token registry (api_tokens)', () => {
  it('records a token as active and lists its metadata only', async () => {
    const registry = createTokenRegistry(db);
    const recorded = token();
    await registry.record(recorded);
    expect(await registry.isActive('jti-a')).toBe(true);
    const [info, ...rest] = await registry.list();
    expect(rest).toEqual([]);
    expect(info).toEqual({ ...recorded, reports: [], networks: [], createdAt: expect.any(Date), revokedAt: null, lastUsedAt: null, lastUsedFrom: null });
    const raw = await db.collection(API_TOKENS_COLLECTION).findOne({ _id: 'jti-a' as never });
    expect(Object.keys(raw ?? {}).sort()).toEqual([
      '_id',
      'createdAt',
      'createdBy',
      'expiresAt',
      'lastUsedAt',
      'lastUsedFrom',
      'name',
      'networks',
      'reports',
      'revokedAt',
      'role',
      'scopes',
      'subject',
    ]);
  });

  it('revokes: isActive turns false; revoking again still reports the token; unknown jti → false', async () => {
    const registry = createTokenRegistry(db);
    await registry.record(token());
    expect(await registry.revoke('jti-a')).toBe(true);
    expect(await registry.isActive('jti-a')).toBe(false);
    const first = (await registry.list())[0]?.revokedAt;
    expect(first).toBeInstanceOf(Date);
    expect(await registry.revoke('jti-a')).toBe(true);
    expect((await registry.list())[0]?.revokedAt).toEqual(first);
    expect(await registry.revoke('jti-nope')).toBe(false);
  });

  it('treats expired and unknown tokens as inactive', async () => {
    const registry = createTokenRegistry(db);
    await registry.record(token({ jti: 'old', expiresAt: new Date(Date.now() - 1000) }));
    expect(await registry.isActive('old')).toBe(false);
    expect(await registry.isActive('never-issued')).toBe(false);
  });

  it('refuses a duplicate jti', async () => {
    const registry = createTokenRegistry(db);
    await registry.record(token());
    await expect(registry.record(token({ name: 'other' }))).rejects.toThrow();
  });

  it('lists oldest first', async () => {
    const registry = createTokenRegistry(db);
    await registry.record(token({ jti: 'one' }));
    await new Promise((r) => setTimeout(r, 5));
    await registry.record(token({ jti: 'two' }));
    expect((await registry.list()).map((t) => t.jti)).toEqual(['one', 'two']);
  });
});

describe('revocation across gateway instances', () => {
  it('a revocation written by one client is refused by every verifier on the next request', async () => {
    const rsa = await keyPair('RS256', 'rsa-bi');
    const config = configFor({ JWT_PUBLIC_KEY: rsa.publicPem });
    const keys = await loadVerificationKeys(config);
    // Two "instances", each with its own connection, and an operator with a third.
    const clients = await Promise.all([0, 1, 2].map(() => new MongoClient(mongo.uri).connect()));
    try {
      const [a, b] = clients.slice(0, 2).map((c) => createTokenVerifier(config.jwt, { keys, registry: createTokenRegistry(c.db(mongo.dbName)) }));
      const operator = createTokenRegistry(clients[2]!.db(mongo.dbName));
      await operator.record(token({ jti: 'bi-x' }));
      const jwt = await sign(claims({ kind: 'bi', roles: ['analyst'], name: 'metabase', jti: 'bi-x' }), rsa.privateKey, { alg: 'RS256' });
      await expect(a!.verify(jwt)).resolves.toMatchObject({ kind: 'bi', tokenName: 'metabase' });
      await expect(b!.verify(jwt)).resolves.toMatchObject({ kind: 'bi' });

      await operator.revoke('bi-x');
      for (const v of [a!, b!]) {
        const err = await v.verify(jwt).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(AuthError);
        expect((err as AuthError).reason).toBe('revoked');
      }
    } finally {
      await Promise.all(clients.map((c) => c.close()));
    }
  });
});
