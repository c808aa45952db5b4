// find, getMore, killCursors.
import { Long } from 'bson';
import { encodeCursorReply, takeBatch } from '../batches';
import { CommandError, ErrorCodes } from '../errors';
import { runFind } from '../execute';
import type { Doc } from '../keys';
import { arrayArg, boolArg, collectionArg, docArg, nonNegativeArg, numberArg } from './args';
import { type CommandContext, RawReply, type Reply } from './context';

const DEFAULT_FIRST_BATCH = 101;

export function find(cmd: Doc, ctx: CommandContext): Reply {
  const name = collectionArg(cmd, 'find');
  const ns = `${ctx.dbName}.${name}`;
  const limit = numberArg(cmd, 'find', 'limit');
  const { docs } = runFind(ctx.catalog.collection(ctx.dbName, name), {
    filter: docArg(cmd, 'find', 'filter') ?? {},
    sort: docArg(cmd, 'find', 'sort'),
    projection: docArg(cmd, 'find', 'projection'),
    skip: nonNegativeArg(cmd, 'find', 'skip'),
    limit: limit === undefined ? undefined : Math.abs(limit),
    variables: docArg(cmd, 'find', 'let'),
  });
  const singleBatch = boolArg(cmd, 'singleBatch') || (limit !== undefined && limit < 0);
  return firstBatch(ctx, ns, docs, nonNegativeArg(cmd, 'find', 'batchSize') ?? DEFAULT_FIRST_BATCH, singleBatch);
}

/** Replies with the first batch and keeps the rest in a cursor, unless it all fits. */
export function firstBatch(ctx: CommandContext, ns: string, docs: Doc[], batchSize: number, singleBatch = false): RawReply {
  const restore = ctx.catalog.database(ctx.dbName)?.hasNumericHints ?? false;
  const { batch, next } = takeBatch(docs, 0, batchSize, restore, ctx.catalog.encoded);
  let id = 0;
  if (next < docs.length && !singleBatch) id = ctx.cursors.open(ns, docs, next).id;
  return new RawReply(encodeCursorReply(ns, 'firstBatch', batch, id));
}

function cursorIdArg(v: unknown): number {
  if (typeof v === 'number') return v;
  if (v instanceof Long) return v.toNumber();
  throw new CommandError(ErrorCodes.TypeMismatch, `BSON field 'getMore.getMore' is the wrong type, expected type 'long'`);
}

export function getMore(cmd: Doc, ctx: CommandContext): Reply {
  const id = cursorIdArg(cmd.getMore);
  const collection = collectionArg(cmd, 'collection');
  const cursor = ctx.cursors.get(id);
  if (!cursor) throw new CommandError(ErrorCodes.CursorNotFound, `cursor id ${id} not found`);
  const ns = `${ctx.dbName}.${collection}`;
  if (cursor.ns !== ns) {
    throw new CommandError(ErrorCodes.Unauthorized, `Requested getMore on namespace '${ns}', but cursor belongs to a different namespace ${cursor.ns}`);
  }
  const batchSize = nonNegativeArg(cmd, 'getMore', 'batchSize') || Number.MAX_SAFE_INTEGER;
  const restore = ctx.catalog.database(ctx.dbName)?.hasNumericHints ?? false;
  const { batch, next } = takeBatch(cursor.docs, cursor.position, batchSize, restore, ctx.catalog.encoded);
  cursor.position = next;
  let replyId = cursor.id;
  if (next >= cursor.docs.length) {
    ctx.cursors.kill(cursor.id);
    replyId = 0;
  }
  return new RawReply(encodeCursorReply(cursor.ns, 'nextBatch', batch, replyId));
}

export function killCursors(cmd: Doc, ctx: CommandContext): Reply {
  collectionArg(cmd, 'killCursors');
  const ids = arrayArg(cmd, 'killCursors', 'cursors') ?? [];
  const killed: Long[] = [];
  const notFound: Long[] = [];
  for (const raw of ids) {
    const id = cursorIdArg(raw);
    (ctx.cursors.kill(id) ? killed : notFound).push(Long.fromNumber(id));
  }
  return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 };
}
