// customerStats: counts and sums by dimensions, computed by MongoDB over the caller's row scope.
// Groups under the minimum size are dropped inside the pipeline, so their counts never leave the
// database. The others leave it exact, with a fingerprint of who is in them (count, exact sum,
// lowest and highest _id), and are released only through a StatsRelease, which adds the noise
// that makes two answers differing by one person useless for telling who (docs/inference.md).
import type { Collection, Document, Filter } from 'mongodb';
import type { Level } from '../policy/classes';
import type { FieldInfo, FieldMap } from '../schema/field-map';

export const STATS_DIMENSIONS = ['segment', 'tier', 'gender', 'teamId', 'province', 'city', 'ageBand'] as const;
export type StatsDimension = (typeof STATS_DIMENSIONS)[number];

interface DimensionSource {
  readonly field: string; // Customer field
  readonly subpath?: string;
  /** For classified fields: the view level this dimension reveals (the caller must see at least this coarsely). */
  readonly reveals?: Level;
}

const SOURCES: Record<StatsDimension, DimensionSource> = {
  segment: { field: 'segment' },
  tier: { field: 'tier' },
  gender: { field: 'gender' },
  teamId: { field: 'teamId' },
  province: { field: 'address', subpath: 'province', reveals: 'province' },
  city: { field: 'address', subpath: 'city', reveals: 'city' },
  ageBand: { field: 'birthDate', reveals: 'age_band' },
};

export interface StatsDimensionUse {
  readonly dimension: StatsDimension;
  readonly field: FieldInfo;
  readonly reveals: Level | null;
}

export function dimensionUses(dimensions: readonly StatsDimension[], fieldMap: FieldMap): StatsDimensionUse[] {
  return dimensions.map((dimension) => {
    const src = SOURCES[dimension];
    return { dimension, field: fieldMap.field('Customer', src.field), reveals: src.reveals ?? null };
  });
}

export interface StatsGroup {
  readonly key: Partial<Record<StatsDimension, string | null>>;
  readonly count: number;
  readonly lifetimeValueSum: number;
}

/** One group as the database computed it: exact, for the release step only. */
export interface RawStatsGroup {
  readonly key: Partial<Record<StatsDimension, string | null>>;
  readonly count: number;
  /** Exact sum of the lifetime values. */
  readonly sum: number;
  /** Largest absolute lifetime value in the group (0 when none is a number). */
  readonly top: number;
  /** Smallest lifetime value in the group (null when none is a number). */
  readonly low: number | null;
  /** Lowest and highest _id: with count and sum, a fingerprint of the group's members. */
  readonly minId: unknown;
  readonly maxId: unknown;
}

/** Who the whole answer is about: count, exact sum, lowest and highest _id of every matched customer. */
export interface SetFingerprint {
  readonly count: number;
  readonly sum: number;
  readonly minId: unknown;
  readonly maxId: unknown;
}

/** The exact answer: groups at or above the minimum size, how many were below it, and the whole set. */
export interface RawStats {
  readonly groups: readonly RawStatsGroup[];
  readonly belowFloor: number;
  readonly whole: SetFingerprint;
}

/** Turns exact groups into what a caller may see (noise, noisy threshold, order). */
export interface StatsRelease {
  release(dimensions: readonly StatsDimension[], stats: RawStats): { groups: StatsGroup[]; suppressedGroups: number };
}

const YEAR_MS = 365.25 * 86_400_000;

export async function aggregateCustomerStats(
  customers: Collection<Document>,
  filter: Filter<Document> | null,
  uses: readonly StatsDimensionUse[],
  lifetimeValuePath: string,
  minGroupSize: number,
  now: Date,
  maxTimeMS: number,
): Promise<RawStats> {
  if (filter === null) return { groups: [], belowFloor: 0, whole: { count: 0, sum: 0, minId: null, maxId: null } };
  const id: Record<string, unknown> = {};
  for (const u of uses) {
    const path = `$${u.field.path}${SOURCES[u.dimension].subpath ? `.${SOURCES[u.dimension].subpath}` : ''}`;
    id[u.dimension] = u.dimension === 'ageBand' ? { $multiply: [{ $floor: { $divide: [{ $floor: { $divide: [{ $subtract: [now, path] }, YEAR_MS] } }, 10] } }, 10] } : path;
  }
  const [result] = await customers
    .aggregate<{
      visible: { _id: Record<string, unknown>; count: number; ltv: number; top: number | null; low: number | null; minId: unknown; maxId: unknown }[];
      suppressed: { n: number }[];
      whole: { count: number; ltv: number; minId: unknown; maxId: unknown }[];
    }>(
      [
        { $match: filter },
        {
          $group: {
            _id: id,
            count: { $sum: 1 },
            ltv: { $sum: `$${lifetimeValuePath}` },
            top: { $max: { $abs: `$${lifetimeValuePath}` } },
            low: { $min: `$${lifetimeValuePath}` },
            minId: { $min: '$_id' },
            maxId: { $max: '$_id' },
          },
        },
        {
          $facet: {
            visible: [{ $match: { count: { $gte: minGroupSize } } }],
            suppressed: [{ $match: { count: { $lt: minGroupSize } } }, { $count: 'n' }],
            whole: [{ $group: { _id: null, count: { $sum: '$count' }, ltv: { $sum: '$ltv' }, minId: { $min: '$minId' }, maxId: { $max: '$maxId' } } }],
          },
        },
      ],
      { maxTimeMS },
    )
    .toArray();
  const groups = (result?.visible ?? []).map((g) => ({
    key: Object.fromEntries(uses.map((u) => [u.dimension, formatKey(u.dimension, g._id[u.dimension])])),
    count: g.count,
    sum: typeof g.ltv === 'number' ? g.ltv : Number(g.ltv) || 0,
    top: typeof g.top === 'number' && Number.isFinite(g.top) ? g.top : 0,
    low: typeof g.low === 'number' && Number.isFinite(g.low) ? g.low : null,
    minId: g.minId,
    maxId: g.maxId,
  }));
  const w = result?.whole[0];
  return {
    groups,
    belowFloor: result?.suppressed[0]?.n ?? 0,
    whole: { count: w?.count ?? 0, sum: typeof w?.ltv === 'number' ? w.ltv : 0, minId: w?.minId ?? null, maxId: w?.maxId ?? null },
  };
}

function formatKey(dimension: StatsDimension, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (dimension === 'ageBand') return typeof value === 'number' && Number.isFinite(value) ? `${value}–${value + 9}` : null;
  return String(value);
}
