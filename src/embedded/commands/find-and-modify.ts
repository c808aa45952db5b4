// findAndModify: update, replace or remove one document and return it (before or after).
import { validateCollectionName } from '../catalog';
import { CommandError, ErrorCodes } from '../errors';
import { project, runFind } from '../execute';
import type { Doc } from '../keys';
import { restoreNumbers } from '../numeric-types';
import { applyUpdate, buildUpsert, validateUpdate } from '../updates';
import { arrayArg, boolArg, collectionArg, docArg } from './args';
import type { CommandContext, Reply } from './context';

export function findAndModify(cmd: Doc, ctx: CommandContext): Reply {
  const name = collectionArg(cmd, 'findAndModify');
  const remove = boolArg(cmd, 'remove');
  const hasUpdate = cmd.update !== undefined && cmd.update !== null;
  if (remove && hasUpdate) throw new CommandError(ErrorCodes.FailedToParse, 'Cannot specify both an update and remove=true');
  if (!remove && !hasUpdate) throw new CommandError(ErrorCodes.FailedToParse, 'Either an update or remove=true must be specified');
  const returnNew = boolArg(cmd, 'new');
  const upsert = boolArg(cmd, 'upsert');
  if (remove && (returnNew || upsert))
    throw new CommandError(ErrorCodes.FailedToParse, "Cannot specify both new=true and remove=true; 'remove' always returns the deleted document");
  const query = docArg(cmd, 'findAndModify', 'query') ?? {};
  const fields = docArg(cmd, 'findAndModify', 'fields');
  const variables = docArg(cmd, 'findAndModify', 'let');
  const coll = ctx.catalog.collection(ctx.dbName, name);
  const [target] = runFind(coll, { filter: query, sort: docArg(cmd, 'findAndModify', 'sort'), limit: 1, variables }).docs;
  const shape = (doc: Doc | undefined): Doc | null => {
    if (!doc) return null;
    const out = fields && Object.keys(fields).length ? project([doc], fields)[0] : doc;
    return ctx.catalog.database(ctx.dbName)?.hasNumericHints ? restoreNumbers(out) : out;
  };

  if (remove) {
    if (target) coll!.remove(target);
    return { lastErrorObject: { n: target ? 1 : 0 }, value: shape(target), ok: 1 };
  }
  if (ctx.numericHints) ctx.catalog.database(ctx.dbName, true).hasNumericHints = true;
  const u = validateUpdate(cmd.update);
  const opts = { arrayFilters: arrayArg(cmd, 'findAndModify', 'arrayFilters') as Doc[] | undefined, condition: query, variables };
  if (target) {
    const next = applyUpdate(target, u, opts);
    if (next.modified) coll!.replace(target, next.doc);
    return { lastErrorObject: { n: 1, updatedExisting: true }, value: shape(returnNew ? next.doc : target), ok: 1 };
  }
  if (!upsert) return { lastErrorObject: { n: 0, updatedExisting: false }, value: null, ok: 1 };
  validateCollectionName(ctx.dbName, name);
  const doc = buildUpsert(query, u, opts);
  ctx.catalog.collection(ctx.dbName, name, true).insert(doc);
  return { lastErrorObject: { n: 1, updatedExisting: false, upserted: doc._id }, value: returnNew ? shape(doc) : null, ok: 1 };
}
