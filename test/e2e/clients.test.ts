// The clients the README documents, each with the exact settings it shows, against the running
// gateway: Apollo Client 4, urql 6 (@urql/core), graphql-request 7 and plain fetch. A recording
// fetch shows what each library really sent (method, content type, accept).
import { ApolloClient, ApolloLink, CombinedGraphQLErrors, HttpLink, InMemoryCache, gql } from '@apollo/client';
import { Client as UrqlClient, fetchExchange } from '@urql/core';
import { GraphQLClient, ClientError } from 'graphql-request';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway';

const ME = `query Me { me { subject role } }`;
const PARTIAL = `query Partial { me { subject } customers(first: 1) { nodes { id } } }`;

interface Sent {
  method: string;
  contentType: string | null;
  accept: string | null;
}

function recordingFetch(sent: Sent[]): typeof fetch {
  return (input, init) => {
    const headers = new Headers(init?.headers);
    sent.push({ method: init?.method ?? 'GET', contentType: headers.get('content-type'), accept: headers.get('accept') });
    return fetch(input, init);
  };
}

let gw: TestGateway;
let admin: string;
let auditor: string;
beforeAll(async () => {
  gw = await startTestGateway({ customers: 3 });
  admin = await gw.token({ sub: 'admin-1', role: 'admin' });
  auditor = await gw.token({ sub: 'auditor-1', role: 'auditor' });
});
afterAll(() => gw?.close());

describe('Apollo Client 4 (HttpLink with an authorization header)', () => {
  const client = (token: string, sent: Sent[]) =>
    new ApolloClient({ link: new HttpLink({ uri: gw.url, headers: { authorization: `Bearer ${token}` }, fetch: recordingFetch(sent) }), cache: new InMemoryCache() });

  it('queries over POST and reads the data', async () => {
    const sent: Sent[] = [];
    const { data } = await client(admin, sent).query({ query: gql(ME) });
    expect(data).toEqual({ me: { __typename: 'Me', subject: 'admin-1', role: 'admin' } });
    expect(sent[0]).toMatchObject({ method: 'POST', contentType: 'application/json' });
    expect(sent[0]!.accept).toContain('application/graphql-response+json');
  });

  it('gets partial data and the FORBIDDEN error with errorPolicy "all"', async () => {
    const { data, error } = await client(auditor, []).query({ query: gql(PARTIAL), errorPolicy: 'all' });
    expect(data).toEqual({ me: { __typename: 'Me', subject: 'auditor-1' }, customers: null });
    expect(CombinedGraphQLErrors.is(error) && error.errors.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  it('sees a gateway-made 401 as GraphQL errors with their code, not a bare ServerError', async () => {
    const { error } = await client('not-a-token', []).query({ query: gql(ME), errorPolicy: 'all' });
    expect(CombinedGraphQLErrors.is(error)).toBe(true);
    expect((error as CombinedGraphQLErrors).errors[0]!.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'malformed' });
  });

  it('sends the token per request from a link, as apps that refresh tokens do', async () => {
    const auth = new ApolloLink((operation, forward) => {
      operation.setContext(({ headers = {} }: { headers?: Record<string, string> }) => ({ headers: { ...headers, authorization: `Bearer ${admin}` } }));
      return forward(operation);
    });
    const apollo = new ApolloClient({ link: ApolloLink.from([auth, new HttpLink({ uri: gw.url })]), cache: new InMemoryCache() });
    expect((await apollo.query({ query: gql(ME) })).data).toMatchObject({ me: { subject: 'admin-1' } });
  });
});

describe('urql 6 (@urql/core with fetchOptions headers)', () => {
  const client = (token: string, sent: Sent[], extra: Partial<ConstructorParameters<typeof UrqlClient>[0]> = {}) =>
    new UrqlClient({ url: gw.url, exchanges: [fetchExchange], fetchOptions: { headers: { authorization: `Bearer ${token}` } }, fetch: recordingFetch(sent), ...extra });

  it('works with its defaults: queries as GET without a content type (the token satisfies CSRF prevention)', async () => {
    const sent: Sent[] = [];
    const result = await client(admin, sent).query(ME, {}).toPromise();
    expect(result.error).toBeUndefined();
    expect(result.data).toEqual({ me: { subject: 'admin-1', role: 'admin' } });
    expect(sent[0]).toMatchObject({ method: 'GET', contentType: null });
  });

  it('works with preferGetMethod: false (POST)', async () => {
    const sent: Sent[] = [];
    const result = await client(admin, sent, { preferGetMethod: false }).query(ME, {}).toPromise();
    expect(result.data).toEqual({ me: { subject: 'admin-1', role: 'admin' } });
    expect(sent[0]!.method).toBe('POST');
  });

  it('gets partial data and the error code', async () => {
    const result = await client(auditor, []).query(PARTIAL, {}).toPromise();
    expect(result.data).toEqual({ me: { subject: 'auditor-1' }, customers: null });
    expect(result.error?.graphQLErrors.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  it('reads a refused token as a GraphQL error with its code', async () => {
    const result = await client('not-a-token', []).query(ME, {}).toPromise();
    expect(result.error?.graphQLErrors.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  });
});

describe('graphql-request 7 (GraphQLClient with headers)', () => {
  it('queries over POST (default) and over GET', async () => {
    for (const method of ['POST', 'GET'] as const) {
      const sent: Sent[] = [];
      const client = new GraphQLClient(gw.url, { headers: { authorization: `Bearer ${admin}` }, method, fetch: recordingFetch(sent) });
      expect(await client.request(ME)).toEqual({ me: { subject: 'admin-1', role: 'admin' } });
      expect(sent[0]!.method).toBe(method);
    }
  });

  it('throws a ClientError carrying the partial data and the error code', async () => {
    const client = new GraphQLClient(gw.url, { headers: { authorization: `Bearer ${auditor}` } });
    const error = await client.request(PARTIAL).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClientError);
    expect((error as ClientError).response.status).toBe(200);
    expect((error as ClientError).response.data).toEqual({ me: { subject: 'auditor-1' }, customers: null });
    expect((error as ClientError).response.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });
});

describe('plain fetch (and curl, which sends the same requests)', () => {
  it('POST with a JSON body, and GET with the query in the URL', async () => {
    const headers = { authorization: `Bearer ${admin}`, accept: 'application/graphql-response+json' };
    const post = await fetch(gw.url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ query: ME }) });
    const get = await fetch(`${gw.url}?query=${encodeURIComponent(ME)}`, { headers });
    for (const res of [post, get]) {
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('application/graphql-response+json');
      expect(await res.json()).toEqual({ data: { me: { subject: 'admin-1', role: 'admin' } } });
    }
  });
});
