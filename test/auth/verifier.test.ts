import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base64url } from 'jose';
import { createTokenVerifier, bearerToken, type TokenVerifier } from '../../src/auth/verifier';
import { loadVerificationKeys, loadSigner } from '../../src/auth/signer';
import { AuthError, type AuthFailureReason } from '../../src/auth/errors';
import type { Config } from '../../src/config/env';
import { AUDIENCE, claims, configFor, keyPair, memoryRegistry, now, SECRET, sign, startJwksServer, tempDir, type JwksServer, type TestKeyPair } from './helpers';

async function rejection(promise: Promise<unknown>): Promise<AuthError> {
  const err = await promise.then(
    () => {
      throw new Error('expected the token to be rejected');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AuthError);
  return err as AuthError;
}

async function expectReason(verifier: TokenVerifier, jwt: string, reason: AuthFailureReason): Promise<AuthError> {
  const err = await rejection(verifier.verify(jwt));
  expect(err.reason).toBe(reason);
  return err;
}

async function verifierFor(config: Config, registry = memoryRegistry(), opts: { jwksCooldownMs?: number } = {}) {
  const keys = await loadVerificationKeys(config, opts);
  return createTokenVerifier(config.jwt, { keys, registry });
}

describe('the JWT attack set, against an RS256 public-key verifier', () => {
  let rsa: TestKeyPair;
  let verifier: TokenVerifier;
  const registry = memoryRegistry();

  beforeAll(async () => {
    rsa = await keyPair('RS256', 'rsa-1');
    verifier = await verifierFor(configFor({ JWT_PUBLIC_KEY: rsa.publicPem }), registry);
  });
  const good = (overrides: Record<string, unknown> = {}) => sign(claims(overrides), rsa.privateKey, { alg: 'RS256' });

  it('accepts a well-formed RS256 token and builds a frozen principal', async () => {
    const p = await verifier.verify(await good({ amr: ['pwd', 'mfa'], auth_time: now() - 5, scope: 'read write' }));
    expect(p).toEqual({
      subject: 'u-42',
      role: 'sales',
      roles: ['sales'],
      team: 't-1',
      kind: 'user',
      mfa: true,
      authTime: expect.any(Number),
      scopes: ['read', 'write'],
      jti: 'jti-1',
      tokenName: null,
      expiresAt: expect.any(Number),
    });
    expect(Object.isFrozen(p)).toBe(true);
    expect(Object.isFrozen(p.roles)).toBe(true);
  });

  it('rejects alg "none" (hand-crafted, empty signature)', async () => {
    const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }));
    const payload = base64url.encode(JSON.stringify(claims({ roles: ['admin'] })));
    await expectReason(verifier, `${header}.${payload}.`, 'algorithm_not_allowed');
  });

  it('rejects HS256 signed with the RSA public key PEM as the HMAC secret', async () => {
    const forged = await sign(claims({ roles: ['admin'] }), new TextEncoder().encode(rsa.publicPem), { alg: 'HS256' });
    await expectReason(verifier, forged, 'algorithm_not_allowed');
  });

  it('rejects HS256 with the public key even when the algorithm list was built by hand to include it', async () => {
    const config = configFor({ JWT_PUBLIC_KEY: rsa.publicPem });
    const keys = await loadVerificationKeys(config);
    const jwt = { ...config.jwt, algorithms: ['HS256', 'RS256'] };
    const v = createTokenVerifier(jwt, { keys, registry: null });
    const forged = await sign(claims(), new TextEncoder().encode(rsa.publicPem), { alg: 'HS256' });
    await expectReason(v, forged, 'algorithm_not_allowed');
  });

  it('rejects an expired token', async () => {
    await expectReason(verifier, await good({ iat: now() - 7200, exp: now() - 3600 }), 'expired');
  });

  it('rejects a token whose nbf is in the future beyond the clock tolerance', async () => {
    await expectReason(verifier, await good({ nbf: now() + 3600 }), 'not_yet_valid');
  });

  it('rejects a wrong issuer', async () => {
    await expectReason(verifier, await good({ iss: 'https://evil.example.test' }), 'wrong_issuer');
  });

  it('rejects a missing issuer as a wrong issuer', async () => {
    await expectReason(verifier, await good({ iss: undefined }), 'wrong_issuer');
  });

  it('rejects a wrong audience', async () => {
    await expectReason(verifier, await good({ aud: 'another-api' }), 'wrong_audience');
  });

  it('accepts an audience array that contains the gateway', async () => {
    await expect(verifier.verify(await good({ aud: ['account', AUDIENCE] }))).resolves.toMatchObject({ subject: 'u-42' });
  });

  it('rejects a token without exp', async () => {
    await expectReason(verifier, await good({ exp: undefined }), 'invalid_claims');
  });

  it('rejects a non-numeric exp', async () => {
    await expectReason(verifier, await good({ exp: 'tomorrow' }), 'invalid_claims');
  });

  it('rejects a token without sub', async () => {
    await expectReason(verifier, await good({ sub: undefined }), 'invalid_claims');
  });

  it('rejects a tampered payload (signature kept)', async () => {
    const [h, , s] = (await good()).split('.');
    const tampered = base64url.encode(JSON.stringify(claims({ roles: ['admin'] })));
    await expectReason(verifier, `${h}.${tampered}.${s}`, 'bad_signature');
  });

  it('rejects a token signed by another RSA key', async () => {
    const other = await keyPair('RS256', 'rsa-x');
    await expectReason(verifier, await sign(claims(), other.privateKey, { alg: 'RS256' }), 'bad_signature');
  });

  it('rejects an unknown kind (fail closed)', async () => {
    await expectReason(verifier, await good({ kind: 'superuser' }), 'invalid_claims');
  });

  it('rejects a team that is not a string', async () => {
    await expectReason(verifier, await good({ team: ['t-1', 't-2'] }), 'invalid_claims');
  });

  it('gives a token without any known role a principal with role null', async () => {
    const p = await verifier.verify(await good({ roles: ['offline_access', 'uma_authorization'] }));
    expect(p.role).toBeNull();
    expect(p.roles).toEqual([]);
  });

  it('uses the least privileged role when several are present, dropping unknown names', async () => {
    const p = await verifier.verify(await good({ roles: ['admin', 'root', 'support'] }));
    expect(p.roles).toEqual(['admin', 'support']);
    expect(p.role).toBe('support');
  });

  it('accepts a single role as a string', async () => {
    expect((await verifier.verify(await good({ roles: 'manager' }))).role).toBe('manager');
  });

  it('rejects garbage as malformed and an empty token as missing', async () => {
    await expectReason(verifier, 'not-a-jwt', 'malformed');
    await expectReason(verifier, 'a.b.c', 'malformed');
    await expectReason(verifier, '', 'missing');
  });

  it('never echoes claim values in the error message', async () => {
    const err = await expectReason(verifier, await good({ iss: 'https://evil.example.test/SECRET-VALUE' }), 'wrong_issuer');
    expect(err.message).toBe('token issuer is not accepted');
    expect(JSON.stringify(err)).not.toContain('SECRET-VALUE');
    expect(err.cause).toBeUndefined();
  });

  describe('BI tokens', () => {
    const bi = (overrides: Record<string, unknown> = {}) => good({ kind: 'bi', roles: ['analyst'], name: 'metabase', jti: 'bi-1', ...overrides });

    it('accepts an active BI token and names it', async () => {
      await registry.record({ jti: 'bi-1', name: 'metabase', subject: 'u-42', role: 'analyst', scopes: [], expiresAt: new Date(Date.now() + 3_600_000), createdBy: 'test' });
      const p = await verifier.verify(await bi());
      expect(p).toMatchObject({ kind: 'bi', role: 'analyst', tokenName: 'metabase', jti: 'bi-1' });
    });

    it('rejects a BI token once revoked, on the next request', async () => {
      const jwt = await bi();
      await verifier.verify(jwt);
      expect(await registry.revoke('bi-1')).toBe(true);
      await expectReason(verifier, jwt, 'revoked');
    });

    it('rejects a BI token whose jti was never recorded', async () => {
      await expectReason(verifier, await bi({ jti: 'bi-unknown' }), 'revoked');
    });

    it('rejects a BI token whose role is not analyst', async () => {
      await expectReason(verifier, await bi({ roles: ['admin'] }), 'invalid_claims');
      await expectReason(verifier, await bi({ roles: ['analyst', 'admin'] }), 'invalid_claims');
    });

    it('rejects a BI token without jti', async () => {
      await expectReason(verifier, await bi({ jti: undefined }), 'invalid_claims');
    });

    it('rejects every BI token when no registry is available', async () => {
      const keys = await loadVerificationKeys(configFor({ JWT_PUBLIC_KEY: rsa.publicPem }));
      const v = createTokenVerifier(configFor({ JWT_PUBLIC_KEY: rsa.publicPem }).jwt, { keys, registry: null });
      await expectReason(v, await bi(), 'revoked');
    });

    it('reports an unreachable registry as key_unavailable', async () => {
      const keys = await loadVerificationKeys(configFor({ JWT_PUBLIC_KEY: rsa.publicPem }));
      const broken = { ...memoryRegistry(), lookup: async () => Promise.reject(new Error('connection refused')) };
      const v = createTokenVerifier(configFor({ JWT_PUBLIC_KEY: rsa.publicPem }).jwt, { keys, registry: broken });
      const err = await expectReason(v, await bi(), 'key_unavailable');
      expect(err.status).toBe(503);
    });
  });
});

describe('clock tolerance', () => {
  let rsa: TestKeyPair;
  let verifier: TokenVerifier;
  beforeAll(async () => {
    rsa = await keyPair('RS256', 'rsa-ct');
    verifier = await verifierFor(configFor({ JWT_PUBLIC_KEY: rsa.publicPem, JWT_CLOCK_TOLERANCE: '30s' }));
  });
  const tok = (o: Record<string, unknown>) => sign(claims(o), rsa.privateKey, { alg: 'RS256' });

  it('accepts exp just past and nbf just ahead within the tolerance', async () => {
    const exp = now() - 10;
    await expect(verifier.verify(await tok({ exp, sub: 'u-exp' }))).resolves.toMatchObject({ subject: 'u-exp', role: 'sales', expiresAt: exp });
    await expect(verifier.verify(await tok({ nbf: now() + 10, sub: 'u-nbf' }))).resolves.toMatchObject({ subject: 'u-nbf', role: 'sales' });
  });

  it('rejects them beyond the tolerance', async () => {
    await expectReason(verifier, await tok({ exp: now() - 60 }), 'expired');
    await expectReason(verifier, await tok({ nbf: now() + 60 }), 'not_yet_valid');
  });
});

describe('roles claim path', () => {
  it('reads Keycloak realm_access.roles', async () => {
    const rsa = await keyPair('RS256', 'rsa-kc');
    const verifier = await verifierFor(configFor({ JWT_PUBLIC_KEY: rsa.publicPem, JWT_ROLES_CLAIM: 'realm_access.roles' }));
    const jwt = await sign(claims({ roles: undefined, realm_access: { roles: ['offline_access', 'manager'] } }), rsa.privateKey, { alg: 'RS256' });
    const p = await verifier.verify(jwt);
    expect(p.role).toBe('manager');
    // A top-level `roles` claim is not consulted when the path points elsewhere.
    const wrongPlace = await sign(claims({ roles: ['admin'] }), rsa.privateKey, { alg: 'RS256' });
    expect((await verifier.verify(wrongPlace)).role).toBeNull();
  });
});

describe('PEM public key source (ES256)', () => {
  it('verifies ES256 tokens and refuses RS256 ones', async () => {
    const ec = await keyPair('ES256', 'ec-1');
    const verifier = await verifierFor(configFor({ JWT_PUBLIC_KEY: ec.publicPem }));
    await expect(verifier.verify(await sign(claims(), ec.privateKey, { alg: 'ES256' }))).resolves.toMatchObject({ role: 'sales' });
    const rsa = await keyPair('RS256', 'rsa-2');
    await expectReason(verifier, await sign(claims(), rsa.privateKey, { alg: 'RS256' }), 'algorithm_not_allowed');
  });
});

describe('HS256 secret source', () => {
  it('verifies tokens signed with the secret and rejects another secret', async () => {
    const verifier = await verifierFor(configFor({ JWT_SECRET: SECRET }));
    const key = new TextEncoder().encode(SECRET);
    await expect(verifier.verify(await sign(claims(), key, { alg: 'HS256' }))).resolves.toMatchObject({ subject: 'u-42' });
    await expectReason(verifier, await sign(claims(), new TextEncoder().encode(`${SECRET}-other`), { alg: 'HS256' }), 'bad_signature');
  });

  it('rejects asymmetric algorithms', async () => {
    const verifier = await verifierFor(configFor({ JWT_SECRET: SECRET }));
    const rsa = await keyPair('RS256', 'rsa-3');
    await expectReason(verifier, await sign(claims(), rsa.privateKey, { alg: 'RS256' }), 'algorithm_not_allowed');
  });

  it('verifies what the HS256 signer issues', async () => {
    const config = configFor({ JWT_SECRET: SECRET, JWT_ROLES_CLAIM: 'realm_access.roles' });
    const signer = await loadSigner(config);
    const issued = await signer!.issue({ sub: 'u-7', role: 'support', team: 't-9', mfa: true, ttlMs: 60_000 });
    const p = await (await verifierFor(config)).verify(issued.jwt);
    expect(p).toMatchObject({ subject: 'u-7', role: 'support', team: 't-9', mfa: true, kind: 'user', jti: issued.jti, expiresAt: issued.expiresAt });
    expect(p.authTime).toBeGreaterThan(now() - 5);
  });
});

describe('JWKS source', () => {
  let k1: TestKeyPair;
  let k2: TestKeyPair;
  let server: JwksServer;

  beforeAll(async () => {
    k1 = await keyPair('ES256', 'kid-1');
    k2 = await keyPair('ES256', 'kid-2');
    server = await startJwksServer([k1.publicJwk]);
  });
  afterAll(() => server.close());

  it('verifies tokens from the key set and rejects an unknown kid', async () => {
    server.keys = [k1.publicJwk];
    const verifier = await verifierFor(configFor({ JWT_JWKS_URL: server.url }));
    await expect(verifier.verify(await sign(claims(), k1.privateKey, { alg: 'ES256', kid: 'kid-1' }))).resolves.toMatchObject({ role: 'sales' });
    await expectReason(verifier, await sign(claims(), k2.privateKey, { alg: 'ES256', kid: 'kid-2' }), 'unknown_key');
  });

  it('does not refetch for unknown kids during the cooldown', async () => {
    server.keys = [k1.publicJwk];
    const verifier = await verifierFor(configFor({ JWT_JWKS_URL: server.url }), memoryRegistry(), { jwksCooldownMs: 60_000 });
    const before = server.fetches;
    for (let i = 0; i < 5; i++) {
      await expectReason(verifier, await sign(claims(), k2.privateKey, { alg: 'ES256', kid: `forged-${i}` }), 'unknown_key');
    }
    expect(server.fetches).toBe(before);
  });

  it('follows key rotation: a new kid triggers a refetch, old kids verify until removed', async () => {
    server.keys = [k1.publicJwk];
    const verifier = await verifierFor(configFor({ JWT_JWKS_URL: server.url, JWKS_CACHE_MAX_AGE: '200ms' }), memoryRegistry(), { jwksCooldownMs: 0 });
    const old = await sign(claims(), k1.privateKey, { alg: 'ES256', kid: 'kid-1' });
    const rotated = await sign(claims({ roles: ['manager'] }), k2.privateKey, { alg: 'ES256', kid: 'kid-2' });
    await expect(verifier.verify(old)).resolves.toMatchObject({ subject: 'u-42', role: 'sales' });

    server.keys = [k1.publicJwk, k2.publicJwk]; // the IdP publishes the new key next to the old
    const fetchesBefore = server.fetches;
    await expect(verifier.verify(rotated)).resolves.toMatchObject({ role: 'manager' });
    expect(server.fetches).toBe(fetchesBefore + 1);
    await expect(verifier.verify(old)).resolves.toMatchObject({ subject: 'u-42', role: 'sales' });

    server.keys = [k2.publicJwk]; // the old key is retired
    await new Promise((r) => setTimeout(r, 250)); // past JWKS_CACHE_MAX_AGE
    await expectReason(verifier, old, 'unknown_key');
    await expect(verifier.verify(rotated)).resolves.toMatchObject({ subject: 'u-42', role: 'manager' });
  });

  it('reports an unreachable key set as key_unavailable', async () => {
    const gone = await startJwksServer([]);
    const url = gone.url;
    await gone.close();
    const config = configFor({ JWT_JWKS_URL: url });
    const keys = await loadVerificationKeys(config, { jwksTimeoutMs: 1000, logger: silentLogger() });
    const verifier = createTokenVerifier(config.jwt, { keys, registry: null });
    const err = await expectReason(verifier, await sign(claims(), k1.privateKey, { alg: 'ES256', kid: 'kid-1' }), 'key_unavailable');
    expect(err.status).toBe(503);
  });
});

describe('dev key source', () => {
  it('generates an ES256 key under LOCAL_DIR/dev-keys once and reuses it on the next start', async () => {
    const dir = await tempDir();
    const config = configFor({ LOCAL_DIR: dir, JWT_ISSUER: '', JWT_AUDIENCE: '', PSEUDONYM_KEY: '' });
    expect(config.jwt.source.kind).toBe('dev');
    const logger = silentLogger();

    const signer1 = await loadSigner(config, { logger });
    const issued = await signer1!.issue({ sub: 'dev-admin', role: 'admin', ttlMs: 60_000 });
    expect(logger.warnings.join('\n')).toMatch(/DEVELOPMENT SIGNING KEY/);

    // "Restart": load everything again from the same folder.
    const keys2 = await loadVerificationKeys(config, { logger });
    const signer2 = await loadSigner(config, { logger });
    expect(signer2!.kid).toBe(signer1!.kid);
    const verifier = createTokenVerifier(config.jwt, { keys: keys2, registry: null });
    await expect(verifier.verify(issued.jwt)).resolves.toMatchObject({ subject: 'dev-admin', role: 'admin' });
    const header = JSON.parse(Buffer.from(issued.jwt.split('.')[0]!, 'base64url').toString());
    expect(header).toMatchObject({ alg: 'ES256', kid: signer1!.kid });

    const { readFile, readdir } = await import('node:fs/promises');
    expect((await readdir(`${dir}/dev-keys`)).sort()).toEqual(['.gitignore', 'signing-key.private.jwk.json', 'signing-key.public.jwk.json']);
    const pub = JSON.parse(await readFile(`${dir}/dev-keys/signing-key.public.jwk.json`, 'utf8'));
    expect(pub.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', kid: signer1!.kid, alg: 'ES256' });
    expect(pub.keys[0].d).toBeUndefined();
  });

  it('ends up with one key when two processes start at once', async () => {
    const dir = await tempDir();
    const config = configFor({ LOCAL_DIR: dir, JWT_ISSUER: '', JWT_AUDIENCE: '', PSEUDONYM_KEY: '' });
    const logger = silentLogger();
    const [a, b] = await Promise.all([loadSigner(config, { logger }), loadSigner(config, { logger })]);
    expect(a!.kid).toBe(b!.kid);
  });

  it('rejects a token signed by another dev key (different kid)', async () => {
    const logger = silentLogger();
    const c1 = configFor({ LOCAL_DIR: await tempDir(), JWT_ISSUER: '', JWT_AUDIENCE: '', PSEUDONYM_KEY: '' });
    const c2 = configFor({ LOCAL_DIR: await tempDir(), JWT_ISSUER: '', JWT_AUDIENCE: '', PSEUDONYM_KEY: '' });
    const foreign = await (await loadSigner(c2, { logger }))!.issue({ sub: 'x', role: 'admin', ttlMs: 60_000 });
    const verifier = createTokenVerifier(c1.jwt, { keys: await loadVerificationKeys(c1, { logger }), registry: null });
    await expectReason(verifier, foreign.jwt, 'unknown_key');
  });
});

describe('bearerToken', () => {
  it('extracts the token from a Bearer header, scheme case-insensitive', () => {
    expect(bearerToken('Bearer aaa.bbb.ccc')).toBe('aaa.bbb.ccc');
    expect(bearerToken('bearer aaa.bbb.ccc')).toBe('aaa.bbb.ccc');
  });

  it.each([
    [undefined, 'missing'],
    ['', 'missing'],
    ['Basic dXNlcjpwYXNz', 'malformed'],
    ['Bearer', 'malformed'],
    ['Bearer not-a-jwt', 'malformed'],
    ['Bearer aaa.bbb.ccc extra', 'malformed'],
    [`Bearer ${'a'.repeat(20_000)}.b.c`, 'malformed'],
  ] as const)('%s → %s', (header, reason) => {
    let err: unknown;
    try {
      bearerToken(header);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AuthError);
    expect((err as AuthError).reason).toBe(reason);
  });
});

function silentLogger() {
  const warnings: string[] = [];
  const logger = {
    warnings,
    warn: (msg: unknown) => void warnings.push(String(msg)),
    debug: () => {},
    error: () => {},
  };
  return logger as unknown as import('pino').Logger & { warnings: string[] };
}
