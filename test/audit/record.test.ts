// Disclosure batches: one request's records grouped by document signature, and expanded back to
// exactly the records that went in.
import { ObjectId } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { batchHash, GENESIS, linkBatches } from '../../src/audit/chain';
import { expandBatch, selectRecords, customerMatcher } from '../../src/audit/expand';
import { buildLedgerBatches, MAX_DOCS_PER_BATCH, type LedgerBatch } from '../../src/audit/record';
import type { Principal } from '../../src/auth/principal';
import type { DisclosureRecord } from '../../src/disclosure/records';

const PRINCIPAL: Principal = Object.freeze({
  subject: 'sales-1',
  role: 'sales',
  roles: ['sales' as const],
  team: 'east',
  kind: 'user',
  mfa: false,
  authTime: null,
  scopes: [],
  jti: 'j-1',
  tokenName: null,
  expiresAt: 0,
});
const FACTS = { principal: PRINCIPAL, meta: { requestId: 'req-9', clientAddress: '10.0.0.2', operationName: 'Page' }, policyVersion: 'p7' };
const TS = new Date('2024-05-01T10:00:00Z');

const view = (docId: unknown, coordinate: string, level: string, extra: Partial<DisclosureRecord> = {}): DisclosureRecord => ({
  coordinate,
  collection: coordinate.startsWith('Interaction') ? 'interactions' : 'customers',
  docId,
  path: coordinate.split('.')[1]!,
  responsePath: undefined,
  dataClass: coordinate === 'Customer.name' ? 'NAME' : coordinate === 'Interaction.summary' ? 'FREE_TEXT' : 'PHONE',
  level: level as DisclosureRecord['level'],
  decision: 'view',
  reason: null,
  ...extra,
});

/** The comparable content of a record, whichever side it comes from. */
const tuple = (r: { collection: string; docId: unknown; customerId: unknown; field: string; level: string; decision: string; reason: string | null }) =>
  JSON.stringify([r.collection, String(r.docId), String(r.customerId), r.field, r.level, r.decision, r.reason]);

describe('disclosure batches', () => {
  const [c1, c2, c3] = [new ObjectId(), new ObjectId(), new ObjectId()];
  const [i1, i2] = [new ObjectId(), new ObjectId()];
  const disclosures: DisclosureRecord[] = [
    // Three customers with name, phone and the phone again under an alias; c3's phone is hidden.
    ...[c1, c2, c3].flatMap((c) => [
      view(c, 'Customer.name', 'partial'),
      view(c, 'Customer.phone', c === c3 ? 'hidden' : 'partial'),
      view(c, 'Customer.phone', c === c3 ? 'hidden' : 'partial'),
    ]),
    // Interactions of c1, resolved after the customers.
    view(i1, 'Interaction.summary', 'inline', { customerId: c1 }),
    view(i2, 'Interaction.summary', 'inline', { customerId: c1 }),
    // An exact lookup: about no document.
    view(null, 'Customer.phone', 'partial', { decision: 'lookup' }),
  ];
  const reads = [{ field: 'Query.accessReport', customerId: c2, reason: '{"entries":1}' }];

  it('groups documents served the same way and expands to exactly the records that went in', () => {
    const [batch, ...more] = buildLedgerBatches(FACTS, disclosures, reads, 'gw-1', TS);
    expect(more).toEqual([]);
    expect(batch).toMatchObject({
      v: 2,
      instanceId: 'gw-1',
      ts: TS,
      requestId: 'req-9',
      operationName: 'Page',
      subject: 'sales-1',
      role: 'sales',
      tokenKind: 'user',
      jti: 'j-1',
      clientAddress: '10.0.0.2',
      policyVersion: 'p7',
      n: 13,
    });
    expect(batch!.groups.map((g) => [g.collection, g.entries.map((e) => `${e.field}:${e.level}:${e.decision}`), g.docIds.length, g.customerIds?.length ?? null])).toEqual([
      ['customers', ['Customer.name:partial:view', 'Customer.phone:partial:view', 'Customer.phone:partial:view'], 2, null],
      ['customers', ['Customer.name:partial:view', 'Customer.phone:hidden:view', 'Customer.phone:hidden:view'], 1, null],
      ['interactions', ['Interaction.summary:inline:view'], 2, 2],
      ['customers', ['Customer.phone:partial:lookup'], 1, null],
      ['audit_events', ['Query.accessReport:clear:view'], 1, 1],
    ]);
    expect(batch!.groups[2]!.customerIds).toEqual([c1, c1]);
    expect(batch!.groups[0]!.entries[0]).toEqual({ field: 'Customer.name', path: 'name', class: 'NAME', level: 'partial', decision: 'view' });
    expect(batch!.customerIds).toEqual([c1, c2, c3]);
    expect(batch!.fields).toEqual(['Customer.name', 'Customer.phone', 'Interaction.summary', 'Query.accessReport']);

    const expanded = expandBatch(batch!);
    expect(expanded.map((r) => r.index)).toEqual(Array.from({ length: 13 }, (_, i) => i));
    const input = [
      ...disclosures.map((d) => ({
        collection: d.collection,
        docId: d.docId,
        customerId: d.customerId ?? d.docId,
        field: d.coordinate,
        level: d.level,
        decision: d.decision,
        reason: d.reason,
      })),
      { collection: 'audit_events', docId: null, customerId: c2, field: 'Query.accessReport', level: 'clear', decision: 'view', reason: '{"entries":1}' },
    ];
    expect(expanded.map(tuple).sort()).toEqual(input.map(tuple).sort());
    for (const r of expanded) expect(r).toMatchObject({ subject: 'sales-1', requestId: 'req-9', ts: TS, policyVersion: 'p7' });
  });

  it('selects records by field, class, decision and customer from a given index on', () => {
    const [batch] = buildLedgerBatches(FACTS, disclosures, reads, 'gw-1', TS);
    const ofC1 = selectRecords(batch!, { customer: customerMatcher(c1.toHexString()) }, 0, Infinity);
    expect(ofC1.map((r) => r.field)).toEqual(['Customer.name', 'Customer.phone', 'Customer.phone', 'Interaction.summary', 'Interaction.summary']);
    const phones = selectRecords(batch!, { field: 'Customer.phone', decision: 'view' }, 0, Infinity);
    expect(phones.map((r) => r.index)).toEqual([1, 2, 4, 5, 7, 8]);
    expect(selectRecords(batch!, { field: 'Customer.phone', decision: 'view' }, 5, 2).map((r) => r.index)).toEqual([5, 7]);
    expect(selectRecords(batch!, { dataClass: 'FREE_TEXT' }, 0, Infinity).map((r) => String(r.docId))).toEqual([String(i1), String(i2)]);
  });

  it('a hash covers every record: changing one record in a group changes it', () => {
    const [batch] = buildLedgerBatches(FACTS, disclosures, reads, 'gw-1', TS);
    linkBatches([batch!], GENESIS);
    const edited: LedgerBatch = { ...batch!, groups: batch!.groups.map((g) => ({ ...g, docIds: [...g.docIds] })) };
    expect(batchHash(edited)).toBe(batch!.hash);
    edited.groups[0]!.docIds[1] = c3;
    expect(batchHash(edited)).not.toBe(batch!.hash);
  });

  it('nothing to record: no batch; more documents than one batch holds: several', () => {
    expect(buildLedgerBatches(FACTS, [], [], 'gw-1', TS)).toEqual([]);
    const many = Array.from({ length: MAX_DOCS_PER_BATCH + 5 }, (_, i) => view(`c-${i}`, 'Customer.phone', 'partial'));
    const batches = buildLedgerBatches(FACTS, many, [], 'gw-1', TS);
    expect(batches.map((b) => b.n)).toEqual([MAX_DOCS_PER_BATCH, 5]);
    expect(batches.map((b) => b.groups[0]!.docIds.length)).toEqual([MAX_DOCS_PER_BATCH, 5]);
  });
});
