// Trusted documents: with TRUSTED_DOCUMENTS=require only the manifest's documents run, named by
// `documentId` or Apollo's `extensions.persistedQuery.sha256Hash` (or sent in full), and
// automatic persisted queries are off; `allow` resolves manifest ids and runs anything else;
// BI tokens are held to the manifest in every mode.
import { createHash } from 'node:crypto';
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache, gql } from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { parse, print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenRegistry } from '../../src/auth/registry';
import { sha256, writeManifest } from '../support/documents';
import { startTestGateway, type TestGateway } from '../support/gateway';

// Stored as GraphQL Code Generator and Apollo Client hash them: the printed document.
const ME = print(parse('query Me { me { subject role } }'));
const STATS = print(parse('query Stats { customerStats(groupBy: [segment]) { minGroupSize } }'));
// Apollo Client's cache adds __typename before hashing, so its manifest entries carry it (codegen:
// addTypenameSelectionDocumentTransform).
const ME_APOLLO = print(parse('query MeApollo { me { subject role __typename } }'));
const UNLISTED = 'query Unlisted { me { subject } }';
const MANIFEST = writeManifest([ME, STATS, ME_APOLLO]);

type Body = Record<string, unknown>;
async function post(gw: TestGateway, token: string, body: Body) {
  const res = await fetch(gw.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as { data?: Record<string, unknown>; errors?: { extensions: { code: string } }[] } };
}
const codeOf = (r: { body: { errors?: { extensions: { code: string } }[] } }) => r.body.errors?.[0]?.extensions.code;
const pq = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });

describe('TRUSTED_DOCUMENTS=require', () => {
  let gw: TestGateway;
  let admin: string;
  beforeAll(async () => {
    gw = await startTestGateway({ customers: 1, env: { TRUSTED_DOCUMENTS: 'require', TRUSTED_DOCUMENTS_FILE: MANIFEST } });
    admin = await gw.token({ sub: 'admin-1', role: 'admin' });
  });
  afterAll(() => gw?.close());

  it('runs a listed document named by documentId (with or without "sha256:"), over POST and GET', async () => {
    for (const id of [sha256(ME), `sha256:${sha256(ME)}`])
      expect((await post(gw, admin, { documentId: id })).body).toEqual({ data: { me: { subject: 'admin-1', role: 'admin' } } });
    const get = await fetch(`${gw.url}?documentId=${sha256(ME)}`, { headers: { authorization: `Bearer ${admin}` } });
    expect(await get.json()).toEqual({ data: { me: { subject: 'admin-1', role: 'admin' } } });
  });

  it("runs a listed document named by Apollo Client's persisted-query link, and one sent in full", async () => {
    const link = new PersistedQueryLink({ sha256: (text: string) => createHash('sha256').update(text).digest('hex') });
    const client = new ApolloClient({ link: ApolloLink.from([link, new HttpLink({ uri: gw.url, headers: { authorization: `Bearer ${admin}` } })]), cache: new InMemoryCache() });
    expect((await client.query({ query: gql(ME_APOLLO) })).data).toMatchObject({ me: { subject: 'admin-1' } });
    expect((await post(gw, admin, { query: ME })).body.data).toEqual({ me: { subject: 'admin-1', role: 'admin' } });
  });

  it('refuses anything else with 403 DOCUMENT_NOT_TRUSTED, and registers nothing (persisted queries off)', async () => {
    for (const body of [{ query: UNLISTED }, { documentId: sha256(UNLISTED) }, { extensions: pq(sha256(UNLISTED)) }, { query: UNLISTED, extensions: pq(sha256(UNLISTED)) }]) {
      const res = await post(gw, admin, body);
      expect([res.status, codeOf(res)]).toEqual([403, 'DOCUMENT_NOT_TRUSTED']);
    }
    const batch = await post(gw, admin, [{ documentId: sha256(ME) }, { query: UNLISTED }] as unknown as Body);
    expect([batch.status, codeOf(batch)]).toEqual([403, 'DOCUMENT_NOT_TRUSTED']);
  });
});

describe('TRUSTED_DOCUMENTS=allow', () => {
  let gw: TestGateway;
  let admin: string;
  beforeAll(async () => {
    gw = await startTestGateway({ customers: 1, env: { TRUSTED_DOCUMENTS: 'allow', TRUSTED_DOCUMENTS_FILE: MANIFEST } });
    admin = await gw.token({ sub: 'admin-1', role: 'admin' });
  });
  afterAll(() => gw?.close());

  it('resolves manifest ids, runs other documents, and keeps automatic persisted queries', async () => {
    expect((await post(gw, admin, { documentId: sha256(ME) })).body.data).toEqual({ me: { subject: 'admin-1', role: 'admin' } });
    expect((await post(gw, admin, { query: UNLISTED })).body.data).toEqual({ me: { subject: 'admin-1' } });
    expect(codeOf(await post(gw, admin, { documentId: sha256('query X { me { role } }') }))).toBe('PERSISTED_QUERY_NOT_FOUND');
    const apq = 'query Apq { me { kind } }';
    expect(codeOf(await post(gw, admin, { extensions: pq(sha256(apq)) }))).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect((await post(gw, admin, { query: apq, extensions: pq(sha256(apq)) })).body.data).toEqual({ me: { kind: 'user' } });
    expect((await post(gw, admin, { extensions: pq(sha256(apq)) })).body.data).toEqual({ me: { kind: 'user' } });
  });
});

describe('BI tokens with TRUSTED_DOCUMENTS=off', () => {
  const biToken = async (gw: TestGateway) => {
    const token = await gw.token({ sub: 'bi-metabase', role: 'analyst', kind: 'bi', name: 'metabase' });
    const jti = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).jti as string;
    await createTokenRegistry(gw.mongo.db()).record({
      jti,
      name: 'metabase',
      subject: 'bi-metabase',
      role: 'analyst',
      scopes: [],
      expiresAt: new Date(Date.now() + 3_600_000),
      createdBy: 'test',
    });
    return token;
  };

  it('run no GraphQL document at all, listed or not (registered reports only), while user tokens run any document', async () => {
    const gw = await startTestGateway({ customers: 6, env: { TRUSTED_DOCUMENTS_FILE: MANIFEST } });
    try {
      const bi = await biToken(gw);
      // A BI token's only way into /graphql is a registered report by id (docs/bi.md).
      expect(codeOf(await post(gw, bi, { query: STATS }))).toBe('BI_QUERY_NOT_ALLOWED');
      expect(codeOf(await post(gw, bi, { query: UNLISTED }))).toBe('BI_QUERY_NOT_ALLOWED');
      expect(codeOf(await post(gw, bi, { query: UNLISTED, extensions: pq(sha256(UNLISTED)) }))).toBe('BI_QUERY_NOT_ALLOWED');
      const user = await gw.token({ sub: 'analyst-1', role: 'analyst' });
      expect((await post(gw, user, { query: UNLISTED })).body.data).toEqual({ me: { subject: 'analyst-1' } });
    } finally {
      await gw.close();
    }
  });

  it('run nothing when no manifest is configured', async () => {
    const gw = await startTestGateway({ customers: 1 });
    try {
      const res = await post(gw, await biToken(gw), { query: STATS });
      expect([res.status, codeOf(res)]).toEqual([403, 'BI_QUERY_NOT_ALLOWED']);
    } finally {
      await gw.close();
    }
  });
});

describe('the manifest at start-up', () => {
  it('a document that is not valid against the schema, or a key that is not its hash, stops start-up', async () => {
    await expect(startTestGateway({ customers: 1, env: { TRUSTED_DOCUMENTS_FILE: writeManifest(['{ nope }']) } })).rejects.toThrow(
      /TRUSTED_DOCUMENTS_FILE: 1 document\(s\) cannot run/,
    );
    const { parseManifest } = await import('../../src/documents/manifest');
    expect(() => parseManifest({ [sha256('{ a }')]: '{ b }' })).toThrow(/is not the SHA-256 of its document/);
  });
});
