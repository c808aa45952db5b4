// insert, update, delete: the batched write commands, with per-statement write errors.
import { validateCollectionName } from '../catalog';
import { CommandError, ErrorCodes, translateError } from '../errors';
import { matchDocs } from '../execute';
import { type Doc, isPlainObject } from '../keys';
import { applyUpdate, buildUpsert, checkId, validateUpdate, withIdFirst } from '../updates';
import { arrayArg, collectionArg, docArg } from './args';
import type { CommandContext, Reply } from './context';

interface WriteError {
  index: number;
  code: number;
  errmsg: string;
  [extra: string]: unknown;
}

function writeError(index: number, err: unknown): WriteError {
  const e = translateError(err);
  return { index, code: e.code, errmsg: e.message, ...e.extra };
}

function ordered(cmd: Doc): boolean {
  return cmd.ordered !== false;
}

function markHints(ctx: CommandContext): void {
  if (ctx.numericHints) ctx.catalog.database(ctx.dbName, true).hasNumericHints = true;
}

function withWriteErrors(reply: Doc, errors: WriteError[]): Doc {
  if (errors.length) reply.writeErrors = errors;
  reply.ok = 1;
  return reply;
}

export function insert(cmd: Doc, ctx: CommandContext): Reply {
  const name = collectionArg(cmd, 'insert');
  validateCollectionName(ctx.dbName, name);
  const docs = arrayArg(cmd, 'insert', 'documents') ?? [];
  if (docs.length === 0) throw new CommandError(ErrorCodes.InvalidOptions, 'Write batch sizes must be between 1 and 100000. Got 0 operations.');
  const coll = ctx.catalog.collection(ctx.dbName, name, true);
  markHints(ctx);
  const errors: WriteError[] = [];
  let n = 0;
  for (let i = 0; i < docs.length; i++) {
    try {
      const raw = docs[i];
      if (!isPlainObject(raw)) throw new CommandError(ErrorCodes.TypeMismatch, 'documents to insert must be objects');
      const doc = withIdFirst(raw);
      checkId(doc);
      coll.insert(doc);
      n++;
    } catch (err) {
      errors.push(writeError(i, err));
      if (ordered(cmd)) break;
    }
  }
  return withWriteErrors({ n }, errors);
}

export function update(cmd: Doc, ctx: CommandContext): Reply {
  const name = collectionArg(cmd, 'update');
  const statements = arrayArg(cmd, 'update', 'updates') ?? [];
  const variables = docArg(cmd, 'update', 'let');
  markHints(ctx);
  const errors: WriteError[] = [];
  const upserted: { index: number; _id: unknown }[] = [];
  let n = 0;
  let nModified = 0;
  for (let i = 0; i < statements.length; i++) {
    try {
      const st = statements[i];
      if (!isPlainObject(st)) throw new CommandError(ErrorCodes.TypeMismatch, 'update statements must be objects');
      const q = docArg(st, 'update.updates', 'q') ?? {};
      const u = validateUpdate(st.u);
      const multi = st.multi === true;
      if (multi && !Array.isArray(u) && !Object.keys(u).some((k) => k.startsWith('$'))) {
        throw new CommandError(ErrorCodes.FailedToParse, 'multi update is not supported for replacement-style update');
      }
      const opts = {
        arrayFilters: arrayArg(st, 'update.updates', 'arrayFilters') as Doc[] | undefined,
        condition: q,
        variables: { ...variables, ...docArg(st, 'update.updates', 'c') },
      };
      const coll = ctx.catalog.collection(ctx.dbName, name);
      const matches = matchDocs(coll, q, multi ? 0 : 1, opts.variables);
      if (matches.length > 0 && coll) {
        for (const doc of matches) {
          const next = applyUpdate(doc, u, opts);
          n++;
          if (next.modified) {
            coll.replace(doc, next.doc);
            nModified++;
          }
        }
      } else if (st.upsert === true) {
        const doc = buildUpsert(q, u, opts);
        validateCollectionName(ctx.dbName, name);
        ctx.catalog.collection(ctx.dbName, name, true).insert(doc);
        upserted.push({ index: i, _id: doc._id });
        n++;
      }
    } catch (err) {
      errors.push(writeError(i, err));
      if (ordered(cmd)) break;
    }
  }
  const reply: Doc = { n, nModified };
  if (upserted.length) reply.upserted = upserted;
  return withWriteErrors(reply, errors);
}

export function del(cmd: Doc, ctx: CommandContext): Reply {
  const name = collectionArg(cmd, 'delete');
  const statements = arrayArg(cmd, 'delete', 'deletes') ?? [];
  const variables = docArg(cmd, 'delete', 'let');
  const errors: WriteError[] = [];
  let n = 0;
  for (let i = 0; i < statements.length; i++) {
    try {
      const st = statements[i];
      if (!isPlainObject(st)) throw new CommandError(ErrorCodes.TypeMismatch, 'delete statements must be objects');
      const limit = st.limit;
      if (limit !== 0 && limit !== 1) throw new CommandError(ErrorCodes.FailedToParse, `The limit field in delete objects must be 0 or 1. Got ${String(limit)}`);
      const coll = ctx.catalog.collection(ctx.dbName, name);
      for (const doc of matchDocs(coll, docArg(st, 'delete.deletes', 'q') ?? {}, limit, variables)) {
        coll!.remove(doc);
        n++;
      }
    } catch (err) {
      errors.push(writeError(i, err));
      if (ordered(cmd)) break;
    }
  }
  return withWriteErrors({ n }, errors);
}
