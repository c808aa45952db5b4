// FORBIDDEN_GROUP end to end. With the shipped policy the roles that may call customerStats
// (analyst, admin) may group on every classified dimension, so the refusal needs a policy that
// narrows them, as an operator would: the analyst sees addresses at province level only (grouping
// by city would reveal finer than that) and loses the group right on birth dates. The refusal
// comes before any aggregate runs and carries no group, count or stored value.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY_FILE } from '../../src/policy/load';
import { startTestGateway, type TestGateway } from '../support/gateway';

const STATS = `query($g: [StatsDimension!]!) { customerStats(groupBy: $g) { groups { key { province city ageBand segment } count lifetimeValueSum } suppressedGroups } }`;

let gw: TestGateway;
let analyst: string;
let storedPlaces: string[];

beforeAll(async () => {
  const policy = JSON.parse(readFileSync(DEFAULT_POLICY_FILE, 'utf8'));
  policy.roles.analyst.view.ADDRESS = 'province';
  policy.roles.analyst.query.BIRTH_DATE.group = false;
  const dir = mkdtempSync(path.join(tmpdir(), 'crm-policy-'));
  const file = path.join(dir, 'policy.json');
  writeFileSync(file, JSON.stringify(policy));
  // The shipped customers-by-region report groups by city, which this policy no longer lets the
  // analyst do: the gateway would (rightly) refuse to start with it. No reports here.
  const reports = path.join(dir, 'reports');
  mkdirSync(reports);
  gw = await startTestGateway({ customers: 40, env: { POLICY_FILE: file, REPORTS_DIR: reports } });
  analyst = await gw.token({ sub: 'analyst-group', role: 'analyst' });
  const customers = await gw.mongo.db().collection('customers').find({}).toArray();
  storedPlaces = [...new Set(customers.flatMap((c) => [c.address?.city, c.address?.district]).filter((v): v is string => typeof v === 'string' && v.length > 0))];
});
afterAll(() => gw?.close());

async function refused(groupBy: string[], field: string) {
  let res: Awaited<ReturnType<TestGateway['gql']>> | undefined;
  const events = await gw.countCommands(async () => {
    res = await gw.gql(analyst, STATS, { g: groupBy });
  });
  expect(res!.body.errors).toHaveLength(1);
  expect(res!.body.errors![0]).toMatchObject({ path: ['customerStats'], extensions: { code: 'FORBIDDEN_GROUP', field } });
  expect(res!.body.errors![0]!.message).toBe(`grouping on ${field} is not allowed for this role`);
  // No groups, counts or places: customerStats is null and nothing from the store is in the body.
  expect(res!.body.data).toEqual({ customerStats: null });
  const text = JSON.stringify(res!.body);
  for (const place of storedPlaces) expect(text).not.toContain(place);
  // Refused before any aggregate ran on the customers.
  expect(events.filter((e) => e.commandName === 'aggregate')).toEqual([]);
  return res!;
}

describe('grouping on a classified dimension the role may not group by', () => {
  it('is allowed at the level the role sees (province), so the refusals below are about the dimension', async () => {
    const res = await gw.gql(analyst, STATS, { g: ['province'] });
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.customerStats.groups.length).toBeGreaterThan(0);
  });

  it('city, finer than the province level the analyst sees addresses at, is FORBIDDEN_GROUP', async () => {
    await refused(['city'], 'Customer.address');
  });

  it('ageBand, without the group right on birth dates, is FORBIDDEN_GROUP', async () => {
    await refused(['ageBand'], 'Customer.birthDate');
  });

  it('one refused dimension refuses the whole request: no groups by the allowed ones either', async () => {
    await refused(['segment', 'province', 'city'], 'Customer.address');
  });

  it('is answered 200 with customerStats null: the root field is nullable, so data is present (src/http/response-status.ts)', async () => {
    // The 403 of FORBIDDEN_GROUP in the error table applies when the error leaves no data; a
    // refused nullable root field leaves `{ customerStats: null }`, which GraphQL over HTTP
    // answers 200, like every other refusal of a single nullable field.
    const res = await refused(['ageBand'], 'Customer.birthDate');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/(graphql-response\+)?json/);
  });
});
