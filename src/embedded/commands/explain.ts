// explain for find, count, distinct-free reads and aggregate: reports the plan the store used
// (IDHACK / IXSCAN / COLLSCAN) and how many documents it examined.
import { CommandError, ErrorCodes } from '../errors';
import { runFind } from '../execute';
import { type Doc, isPlainObject } from '../keys';
import { winningPlan } from '../planner';
import { collectionArg, docArg, nonNegativeArg, numberArg } from './args';
import { explainAggregate } from './aggregate';
import type { CommandContext, Reply } from './context';
import { SERVER_VERSION } from './handshake';

const VERBOSITIES = new Set(['queryPlanner', 'executionStats', 'allPlansExecution']);

export function explain(cmd: Doc, ctx: CommandContext): Reply {
  const inner = cmd.explain;
  if (!isPlainObject(inner)) throw new CommandError(ErrorCodes.TypeMismatch, "BSON field 'explain.explain' is the wrong type, expected type 'object'");
  const verbosity = typeof cmd.verbosity === 'string' ? cmd.verbosity : 'allPlansExecution';
  if (!VERBOSITIES.has(verbosity)) throw new CommandError(ErrorCodes.BadValue, `verbosity string must be one of {'queryPlanner', 'executionStats', 'allPlansExecution'}`);
  const name = Object.keys(inner)[0];
  let reply: Doc;
  if (name === 'find') reply = explainFind(inner, ctx, verbosity);
  else if (name === 'aggregate') reply = explainAggregate(inner, ctx, verbosity);
  else throw new CommandError(ErrorCodes.CommandNotSupported, `explain of '${name}' is not supported by the embedded store`);
  return { ...reply, command: inner, serverInfo: { host: '127.0.0.1', version: SERVER_VERSION }, ok: 1 };
}

function explainFind(cmd: Doc, ctx: CommandContext, verbosity: string): Doc {
  const name = collectionArg(cmd, 'find');
  const filter = docArg(cmd, 'find', 'filter') ?? {};
  const started = performance.now();
  const limit = numberArg(cmd, 'find', 'limit');
  const { docs, plan, docsExamined } = runFind(ctx.catalog.collection(ctx.dbName, name), {
    filter,
    sort: docArg(cmd, 'find', 'sort'),
    projection: docArg(cmd, 'find', 'projection'),
    skip: nonNegativeArg(cmd, 'find', 'skip'),
    limit: limit === undefined ? undefined : Math.abs(limit),
    variables: docArg(cmd, 'find', 'let'),
  });
  const plan0 = winningPlan(plan, filter);
  const reply: Doc = {
    queryPlanner: { namespace: `${ctx.dbName}.${name}`, indexFilterSet: false, parsedQuery: filter, winningPlan: plan0, rejectedPlans: [] },
  };
  if (verbosity !== 'queryPlanner') {
    reply.executionStats = {
      executionSuccess: true,
      nReturned: docs.length,
      executionTimeMillis: Math.round(performance.now() - started),
      totalKeysExamined: plan.keysExamined,
      totalDocsExamined: docsExamined,
      executionStages: { ...plan0, nReturned: docs.length, docsExamined },
    };
  }
  return reply;
}
