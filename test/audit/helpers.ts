// A ledger over a test MongoDB, without HTTP: for chain, checkpoint, writer and verify tests.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Db } from 'mongodb';
import pino from 'pino';
import { openAuditLedger, type AuditLedger } from '../../src/audit/ledger';
import { buildLedgerBatches, type LedgerBatch } from '../../src/audit/record';
import type { Principal } from '../../src/auth/principal';
import { loadConfig, type Config } from '../../src/config/env';
import type { DisclosureRecord } from '../../src/disclosure/records';
import { TEST_AUDIT_KEY } from '../support/keys';

export function ledgerConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    JWT_SECRET: 'audit-test-secret-0123456789-abcdefghij',
    JWT_ISSUER: 'https://idp.test',
    JWT_AUDIENCE: 'crm-gateway-test',
    PSEUDONYM_KEY: 'test-pseudonym-key-0123456789-abcdefghij',
    AUDIT_SIGNING_KEY: TEST_AUDIT_KEY,
    AUDIT_INSTANCE_ID: 'gw-test',
    LOCAL_DIR: mkdtempSync(path.join(tmpdir(), 'crm-audit-')),
    LOG_LEVEL: 'silent',
    ...env,
  });
}

export function openLedger(db: Db, config: Config, options: { writeTimeoutMs?: number; clock?: () => Date } = {}): Promise<AuditLedger> {
  return openAuditLedger({ db, config, logger: pino({ level: 'silent' }), ...options });
}

const PRINCIPAL: Principal = Object.freeze({
  subject: 'support-7',
  role: 'support',
  roles: ['support' as const],
  team: null,
  kind: 'user',
  mfa: false,
  authTime: null,
  scopes: [],
  jti: 'jti-1',
  tokenName: null,
  expiresAt: 0,
});

/**
 * One request's disclosure batch: `fields` (default Customer.phone) of customers
 * c-<first>…c-<first+n-1>, all served the same way, so one group of n documents and
 * n × fields.length records.
 */
export function sampleBatch(
  instanceId: string,
  n: number,
  opts: { subject?: string; requestId?: string; ts?: Date; first?: number; fields?: readonly string[] } = {},
): LedgerBatch[] {
  const first = opts.first ?? 0;
  const fields = opts.fields ?? ['Customer.phone'];
  const disclosures: DisclosureRecord[] = Array.from({ length: n }, (_, i) =>
    fields.map((coordinate) => ({
      coordinate,
      collection: 'customers',
      docId: `c-${first + i}`,
      path: coordinate.split('.')[1]!,
      responsePath: undefined,
      dataClass: 'PHONE' as const,
      level: 'partial' as const,
      decision: 'view' as const,
      reason: null,
    })),
  ).flat();
  return buildLedgerBatches(
    {
      principal: { ...PRINCIPAL, subject: opts.subject ?? PRINCIPAL.subject },
      meta: { requestId: opts.requestId ?? 'req-1', clientAddress: '10.0.0.1', operationName: 'Test' },
      policyVersion: 'p1',
    },
    disclosures,
    [],
    instanceId,
    opts.ts ?? new Date(),
  );
}
