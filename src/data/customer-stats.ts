// customerStats: counts and sums by dimensions, computed by MongoDB over the caller's row scope.
// Small groups are dropped inside the pipeline, so their counts never leave the database.
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

const YEAR_MS = 365.25 * 86_400_000;

export async function aggregateCustomerStats(
  customers: Collection<Document>,
  filter: Filter<Document> | null,
  uses: readonly StatsDimensionUse[],
  lifetimeValuePath: string,
  minGroupSize: number,
  now: Date,
): Promise<{ groups: StatsGroup[]; suppressedGroups: number }> {
  if (filter === null) return { groups: [], suppressedGroups: 0 };
  const id: Record<string, unknown> = {};
  for (const u of uses) {
    const path = `$${u.field.path}${SOURCES[u.dimension].subpath ? `.${SOURCES[u.dimension].subpath}` : ''}`;
    id[u.dimension] = u.dimension === 'ageBand' ? { $multiply: [{ $floor: { $divide: [{ $floor: { $divide: [{ $subtract: [now, path] }, YEAR_MS] } }, 10] } }, 10] } : path;
  }
  const [result] = await customers
    .aggregate<{ visible: { _id: Record<string, unknown>; count: number; ltv: number }[]; suppressed: { n: number }[] }>([
      { $match: filter },
      { $group: { _id: id, count: { $sum: 1 }, ltv: { $sum: `$${lifetimeValuePath}` } } },
      {
        $facet: {
          visible: [{ $match: { count: { $gte: minGroupSize } } }, { $sort: { count: -1, _id: 1 } }],
          suppressed: [{ $match: { count: { $lt: minGroupSize } } }, { $count: 'n' }],
        },
      },
    ])
    .toArray();
  const groups = (result?.visible ?? []).map((g) => ({
    key: Object.fromEntries(uses.map((u) => [u.dimension, formatKey(u.dimension, g._id[u.dimension])])),
    count: g.count,
    lifetimeValueSum: Math.round(g.ltv * 100) / 100,
  }));
  return { groups, suppressedGroups: result?.suppressed[0]?.n ?? 0 };
}

function formatKey(dimension: StatsDimension, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (dimension === 'ageBand') return typeof value === 'number' && Number.isFinite(value) ? `${value}–${value + 9}` : null;
  return String(value);
}
