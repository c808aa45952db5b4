// BI endpoint test helpers: BI tokens recorded in api_tokens like `token issue --kind bi` does,
// and GET requests with each credential form.
import { createTokenRegistry } from '../../src/auth/registry';
import type { TestGateway } from '../support/gateway';

export interface BiToken {
  readonly jwt: string;
  readonly jti: string;
}

export async function biToken(gw: TestGateway, reports: string[], options: { ttlMs?: number; networks?: string[]; expiresAt?: Date } = {}): Promise<BiToken> {
  const jwt = await gw.token({ sub: 'svc-bi', role: 'analyst', kind: 'bi', name: 'bi-test', ...(options.ttlMs ? { ttlMs: options.ttlMs } : {}) });
  const jti = JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()).jti as string;
  await createTokenRegistry(gw.mongo.db()).record({
    jti,
    name: 'bi-test',
    subject: 'svc-bi',
    role: 'analyst',
    scopes: [],
    expiresAt: options.expiresAt ?? new Date(Date.now() + 3_600_000),
    createdBy: 'test',
    reports,
    ...(options.networks ? { networks: options.networks } : {}),
  });
  return { jwt, jti };
}

/** The gateway's origin (its URL without /graphql). */
export function origin(gw: TestGateway): string {
  return gw.url.replace(/\/graphql$/, '');
}

export type Credential = 'bearer' | 'basic' | 'api-key';

export function credentialHeaders(token: string, form: Credential = 'bearer'): Record<string, string> {
  switch (form) {
    case 'bearer':
      return { authorization: `Bearer ${token}` };
    case 'basic':
      return { authorization: `Basic ${Buffer.from(`powerbi:${token}`).toString('base64')}` };
    case 'api-key':
      return { 'x-api-key': token };
  }
}

export function get(gw: TestGateway, pathAndQuery: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${origin(gw)}${pathAndQuery}`, { headers });
}
