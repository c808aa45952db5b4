// The release step of customerStats: exact groups in, noisy groups out (docs/inference.md).
//
// Threat: two aggregate answers whose sets differ by one person differ by that person's count
// and lifetime value, whatever each answer's minimum group size (docs/inference.md: aggregates are
// differenced). Defence, after Diffix (pg_diffix) and its sticky noise:
// - each group's count and sum get Gaussian noise whose seed is a keyed hash of the grouping, the
//   group's labels, and fingerprints (count, exact sum, lowest and highest _id) of the group's
//   members and of everyone the query matched. The same people always get the same noise, so
//   repeating a question, or asking it in other words, averages nothing away; two queries whose
//   sets differ by one person get independent noise in every group, so their difference is that
//   person's contribution plus noise of a larger standard deviation, in every group alike.
//   (Seeding by the group's own members alone would not do: the groups the person is not in
//   would come back identical, and the one group that changed would name the person's value.)
// - the sum's noise is scaled by the group's largest single contribution (Diffix scales by its
//   top contributors), so a lifetime value comes back buried in noise at least its own size;
// - the minimum group size is a noisy threshold, seeded the same way, so a group appearing or
//   vanishing when one person moves across a boundary says little;
// - groups are ordered by their noisy counts: an order by exact counts would leak them.
// The key is secret (derived from PSEUDONYM_KEY) and not per caller, so colluding callers get
// the same answers too. Pure: no I/O, no clock, no state.
import { createHmac } from 'node:crypto';
import { EJSON } from 'bson';
import type { RawStatsGroup, SetFingerprint, StatsDimension, StatsGroup, StatsRelease } from '../data/customer-stats';
import type { AggregatePolicy } from '../policy/compile';

export function createStatsRelease(key: Buffer, policy: AggregatePolicy): StatsRelease {
  if (key.length < 16) throw new Error('aggregate noise key must be at least 16 bytes');
  const { minGroupSize, noise } = policy;
  return {
    release(dimensions, { groups, belowFloor, whole }) {
      const out: StatsGroup[] = [];
      let suppressed = belowFloor;
      for (const g of groups) {
        const [zCount, zSum, zThreshold] = normals(key, seedOf(dimensions, g, whole));
        if (g.count < minGroupSize + noise.thresholdSd * Math.abs(zThreshold)) {
          suppressed++;
          continue;
        }
        const count = Math.max(minGroupSize, Math.round(g.count + noise.countSd * zCount));
        let sum = Math.round(g.sum + noise.sumSd * g.top * zSum);
        // Lifetime values that are all non-negative never add up to a negative sum.
        if (g.low !== null && g.low >= 0 && sum < 0) sum = 0;
        out.push({ key: g.key, count, lifetimeValueSum: sum });
      }
      out.sort((a, b) => b.count - a.count || compareKeys(dimensions, a, b));
      return { groups: out, suppressedGroups: suppressed };
    },
  };
}

function seedOf(dimensions: readonly StatsDimension[], g: RawStatsGroup, whole: SetFingerprint): string {
  const labels = dimensions.map((d) => [d, g.key[d] ?? null]);
  // Sums to the cent: floating-point addition depends on the order the database visited the
  // documents in, and the same people must give the same seed whatever the plan.
  return EJSON.stringify([labels, [g.count, cents(g.sum), g.minId, g.maxId], [whole.count, cents(whole.sum), whole.minId, whole.maxId]], { relaxed: false });
}

function cents(n: number): number {
  return Math.round(n * 100);
}

/** Three standard normal values from HMAC-SHA256(key, seed) (Box-Muller over 32-bit uniforms). */
function normals(key: Buffer, seed: string): [number, number, number] {
  const h = createHmac('sha256', key).update(seed).digest();
  const u = (i: number) => (h.readUInt32BE(i * 4) + 0.5) / 4_294_967_296;
  const r1 = Math.sqrt(-2 * Math.log(u(0)));
  const r2 = Math.sqrt(-2 * Math.log(u(2)));
  return [r1 * Math.cos(2 * Math.PI * u(1)), r1 * Math.sin(2 * Math.PI * u(1)), r2 * Math.cos(2 * Math.PI * u(3))];
}

function compareKeys(dimensions: readonly StatsDimension[], a: StatsGroup, b: StatsGroup): number {
  for (const d of dimensions) {
    const x = a.key[d] ?? '';
    const y = b.key[d] ?? '';
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}
