// aggregate (cursor form). A leading $match is answered through the planner (so it can use
// indexes); the rest of the pipeline runs in mingo over the matched documents.
import { CommandError, ErrorCodes } from '../errors';
import { matchDocs } from '../execute';
import { type Doc, isPlainObject } from '../keys';
import { type Plan, planQuery, winningPlan } from '../planner';
import { compileFilter, compilePipeline, runPipeline } from '../query-engine';
import { deepCopy } from '../updates';
import { arrayArg, docArg, nonNegativeArg } from './args';
import type { CommandContext, Reply } from './context';
import { firstBatch } from './find';

/** Stages mingo implements and the store exposes. */
const STAGES = new Set([
  '$addFields',
  '$bucket',
  '$bucketAuto',
  '$count',
  '$densify',
  '$documents',
  '$facet',
  '$fill',
  '$graphLookup',
  '$group',
  '$limit',
  '$lookup',
  '$match',
  '$project',
  '$redact',
  '$replaceRoot',
  '$replaceWith',
  '$sample',
  '$set',
  '$setWindowFields',
  '$skip',
  '$sort',
  '$sortByCount',
  '$unionWith',
  '$unset',
  '$unwind',
]);

/** Real MongoDB stages the embedded store does not implement. */
const UNSUPPORTED_STAGES = new Set([
  '$out',
  '$merge',
  '$geoNear',
  '$collStats',
  '$indexStats',
  '$currentOp',
  '$listSessions',
  '$listLocalSessions',
  '$planCacheStats',
  '$search',
  '$searchMeta',
  '$vectorSearch',
  '$listSearchIndexes',
  '$changeStreamSplitLargeEvent',
  '$shardedDataDistribution',
  '$listSampledQueries',
]);

function validatePipeline(pipeline: unknown[]): Doc[] {
  for (const stage of pipeline) {
    if (!isPlainObject(stage) || Object.keys(stage).length !== 1) {
      throw new CommandError(40323, 'A pipeline stage specification object must contain exactly one field.');
    }
    const [name] = Object.keys(stage);
    const spec = stage[name];
    if (name === '$changeStream') throw new CommandError(ErrorCodes.Location40573, 'The $changeStream stage is only supported on replica sets');
    if (UNSUPPORTED_STAGES.has(name)) throw new CommandError(ErrorCodes.CommandNotSupported, `${name} is not supported by the embedded store`);
    if (!STAGES.has(name)) throw new CommandError(ErrorCodes.Location40324, `Unrecognized pipeline stage name: '${name}'`);
    if (name === '$match' && !isPlainObject(spec)) throw new CommandError(15959, 'the match filter must be an expression in an object');
    for (const sub of subPipelines(name, spec)) validatePipeline(sub);
  }
  return pipeline as Doc[];
}

function subPipelines(name: string, spec: unknown): unknown[][] {
  if (!isPlainObject(spec)) return [];
  if (name === '$facet') return Object.values(spec).filter(Array.isArray);
  if ((name === '$lookup' || name === '$unionWith') && Array.isArray(spec.pipeline)) return [spec.pipeline];
  return [];
}

const NON_MUTATING = new Set([
  '$match',
  '$sort',
  '$limit',
  '$skip',
  '$count',
  '$group',
  '$sortByCount',
  '$bucket',
  '$bucketAuto',
  '$sample',
  '$documents',
  '$replaceRoot',
  '$replaceWith',
  '$lookup',
  '$facet',
  '$unionWith',
]);

/**
 * Whether some stage would edit its input documents in place (mingo shares sub-objects between
 * input and output; setting or removing a dotted path writes into them). Such pipelines run on
 * deep copies, so stored documents are never touched.
 */
function mutatesInput(pipeline: Doc[]): boolean {
  return pipeline.some((stage) => {
    const [name] = Object.keys(stage);
    const spec = stage[name];
    if (subPipelines(name, spec).some((p) => mutatesInput(p as Doc[]))) return true;
    if (NON_MUTATING.has(name)) return false;
    if (name === '$addFields' || name === '$set') return isPlainObject(spec) && Object.keys(spec).some((k) => k.includes('.'));
    if (name === '$project') return isPlainObject(spec) && Object.keys(spec).some((k) => k.includes('.'));
    if (name === '$unset') return [spec].flat().some((k) => typeof k === 'string' && k.includes('.'));
    if (name === '$unwind') return !(typeof spec === 'string' && !spec.slice(1).includes('.'));
    return true;
  });
}

export interface AggregateRun {
  docs: Doc[];
  plan: Plan;
  leadingMatch: Doc;
  /** The stages after the leading $match. */
  rest: Doc[];
}

export function runAggregate(cmd: Doc, ctx: CommandContext, collName: string | null): AggregateRun {
  const pipeline = validatePipeline(arrayArg(cmd, 'aggregate', 'pipeline') ?? []);
  const variables = docArg(cmd, 'aggregate', 'let');
  const clone = mutatesInput(pipeline);
  const coll = collName === null ? undefined : ctx.catalog.collection(ctx.dbName, collName);
  const resolver = (name: string): Doc[] => {
    const docs = [...(ctx.catalog.collection(ctx.dbName, name)?.docs.values() ?? [])];
    return clone ? docs.map(deepCopy) : docs;
  };
  const first = pipeline[0];
  const leadingMatch = first && isPlainObject(first.$match) ? (first.$match as Doc) : {};
  const rest = first && '$match' in first ? pipeline.slice(1) : pipeline;
  compileFilter(leadingMatch, variables);
  const agg = compilePipeline(rest, resolver, variables, clone);
  const plan = planQuery(coll, leadingMatch);
  const input = collName === null ? [] : matchDocs(coll, leadingMatch, 0, variables);
  const docs = rest.length ? runPipeline(agg, input) : input;
  return { docs, plan, leadingMatch, rest };
}

function aggregateTarget(cmd: Doc): string | null {
  const v = cmd.aggregate;
  if (v === 1) return null;
  if (typeof v !== 'string' || v === '') {
    throw new CommandError(ErrorCodes.InvalidNamespace, "Invalid value for 'aggregate': must be a collection name or 1");
  }
  return v;
}

export function aggregate(cmd: Doc, ctx: CommandContext): Reply {
  const collName = aggregateTarget(cmd);
  if (cmd.explain === true) return explainAggregate(cmd, ctx, 'queryPlanner');
  const cursorOpt = docArg(cmd, 'aggregate', 'cursor');
  if (!cursorOpt) throw new CommandError(ErrorCodes.FailedToParse, "The 'cursor' option is required, except for aggregate with the explain argument");
  const { docs } = runAggregate(cmd, ctx, collName);
  const ns = collName === null ? `${ctx.dbName}.$cmd.aggregate` : `${ctx.dbName}.${collName}`;
  return firstBatch(ctx, ns, docs, nonNegativeArg(cursorOpt, 'aggregate.cursor', 'batchSize') ?? 101);
}

export function explainAggregate(cmd: Doc, ctx: CommandContext, verbosity: string): Doc {
  const collName = aggregateTarget(cmd);
  const started = performance.now();
  const { docs, plan, leadingMatch, rest } = runAggregate(cmd, ctx, collName);
  const queryPlanner = {
    namespace: `${ctx.dbName}.${collName ?? '$cmd.aggregate'}`,
    parsedQuery: leadingMatch,
    winningPlan: winningPlan(plan, leadingMatch),
    rejectedPlans: [],
  };
  const reply: Doc = { queryPlanner };
  if (verbosity !== 'queryPlanner') {
    reply.executionStats = {
      executionSuccess: true,
      nReturned: docs.length,
      executionTimeMillis: Math.round(performance.now() - started),
      totalKeysExamined: plan.keysExamined,
      totalDocsExamined: plan.docsExamined,
    };
  }
  reply.stages = [{ $cursor: { ...reply } }, ...rest];
  reply.ok = 1;
  return reply;
}
