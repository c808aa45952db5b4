// dealStats and interactionStats: counts (and deal amount sums) by dimensions, computed by
// MongoDB over the caller's row scope. As in customerStats, groups below the minimum size are
// dropped inside the pipeline, so their counts never leave the database; only their number does.
import type { Collection, Document, Filter } from 'mongodb';
import type { FieldMap } from '../schema/field-map';

export const DEAL_STATS_DIMENSIONS = ['stage', 'month', 'currency', 'teamId'] as const;
export type DealStatsDimension = (typeof DEAL_STATS_DIMENSIONS)[number];
export const INTERACTION_STATS_DIMENSIONS = ['channel', 'week'] as const;
export type InteractionStatsDimension = (typeof INTERACTION_STATS_DIMENSIONS)[number];

export interface ActivityGroup<D extends string> {
  readonly key: Partial<Record<D, string | null>>;
  readonly count: number;
  readonly amountSum?: number;
}

export interface GroupedResult<D extends string> {
  readonly groups: ActivityGroup<D>[];
  readonly suppressedGroups: number;
}

const WEEK_MS = 7 * 86_400_000;
// 1970-01-05 was a Monday: week starts are whole weeks after it.
const FIRST_MONDAY = new Date(4 * 86_400_000);

export function aggregateDealStats(
  deals: Collection<Document>,
  filter: Filter<Document> | null,
  dimensions: readonly DealStatsDimension[],
  fieldMap: FieldMap,
  minGroupSize: number,
  maxTimeMS: number,
): Promise<GroupedResult<DealStatsDimension>> {
  const path = (name: string) => `$${fieldMap.field('Deal', name).path}`;
  const id: Record<string, unknown> = {};
  for (const d of dimensions) {
    id[d] = d === 'month' ? { $dateToString: { format: '%Y-%m', date: path('createdAt') } } : path(d);
  }
  return groupWithSuppression(deals, filter, id, { amount: { $sum: path('amount') } }, minGroupSize, maxTimeMS, dimensions, (g) => ({
    amountSum: Math.round(((g.amount as number) ?? 0) * 100) / 100,
  }));
}

export function aggregateInteractionStats(
  interactions: Collection<Document>,
  filter: Filter<Document> | null,
  dimensions: readonly InteractionStatsDimension[],
  fieldMap: FieldMap,
  minGroupSize: number,
  maxTimeMS: number,
): Promise<GroupedResult<InteractionStatsDimension>> {
  const at = `$${fieldMap.field('Interaction', 'at').path}`;
  const id: Record<string, unknown> = {};
  for (const d of dimensions) {
    id[d] = d === 'week' ? { $subtract: [at, { $mod: [{ $subtract: [at, FIRST_MONDAY] }, WEEK_MS] }] } : `$${fieldMap.field('Interaction', d).path}`;
  }
  return groupWithSuppression(interactions, filter, id, {}, minGroupSize, maxTimeMS, dimensions, () => ({}));
}

async function groupWithSuppression<D extends string>(
  collection: Collection<Document>,
  filter: Filter<Document> | null,
  id: Record<string, unknown>,
  sums: Record<string, unknown>,
  minGroupSize: number,
  maxTimeMS: number,
  dimensions: readonly D[],
  extra: (g: Record<string, unknown>) => Partial<ActivityGroup<D>>,
): Promise<GroupedResult<D>> {
  if (filter === null) return { groups: [], suppressedGroups: 0 };
  const [result] = await collection
    .aggregate<{ visible: ({ _id: Record<string, unknown>; count: number } & Record<string, unknown>)[]; suppressed: { n: number }[] }>(
      [
        { $match: filter },
        { $group: { _id: id, count: { $sum: 1 }, ...sums } },
        {
          $facet: {
            visible: [{ $match: { count: { $gte: minGroupSize } } }, { $sort: { _id: 1 } }],
            suppressed: [{ $match: { count: { $lt: minGroupSize } } }, { $count: 'n' }],
          },
        },
      ],
      { maxTimeMS },
    )
    .toArray();
  const groups = (result?.visible ?? []).map((g) => ({
    key: Object.fromEntries(dimensions.map((d) => [d, formatKey(g._id[d])])) as Partial<Record<D, string | null>>,
    count: g.count,
    ...extra(g),
  }));
  return { groups, suppressedGroups: result?.suppressed[0]?.n ?? 0 };
}

function formatKey(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  // Week starts are dates at midnight UTC: the day is the key.
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 10);
  return String(value);
}
