// count and distinct.
import { CommandError, ErrorCodes } from '../errors';
import { matchDocs } from '../execute';
import { type Doc, pathValues, valueKey } from '../keys';
import { collectionArg, docArg, nonNegativeArg, numberArg } from './args';
import type { CommandContext, Reply } from './context';

export function count(cmd: Doc, ctx: CommandContext): Reply {
  const name = collectionArg(cmd, 'count');
  const coll = ctx.catalog.collection(ctx.dbName, name);
  const query = docArg(cmd, 'count', 'query') ?? {};
  const skip = nonNegativeArg(cmd, 'count', 'skip') ?? 0;
  const limit = Math.abs(numberArg(cmd, 'count', 'limit') ?? 0);
  let n = Object.keys(query).length === 0 ? (coll?.docs.size ?? 0) : matchDocs(coll, query, limit ? skip + limit : 0).length;
  n = Math.max(0, n - skip);
  if (limit) n = Math.min(n, limit);
  return { n, ok: 1 };
}

export function distinct(cmd: Doc, ctx: CommandContext): Reply {
  const name = collectionArg(cmd, 'distinct');
  const key = cmd.key;
  if (typeof key !== 'string') throw new CommandError(ErrorCodes.TypeMismatch, "BSON field 'distinct.key' is missing or not a string");
  if (key === '') throw new CommandError(ErrorCodes.BadValue, 'FieldPath cannot be constructed with empty string');
  const coll = ctx.catalog.collection(ctx.dbName, name);
  const seen = new Set<string>();
  const values: unknown[] = [];
  for (const doc of matchDocs(coll, docArg(cmd, 'distinct', 'query') ?? {})) {
    for (const v of pathValues(doc, key)) {
      if (v === undefined) continue;
      const k = valueKey(v);
      if (seen.has(k)) continue;
      seen.add(k);
      values.push(v);
    }
  }
  return { values, ok: 1 };
}
