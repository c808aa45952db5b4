// createIndexes, listIndexes, dropIndexes.
import { Long } from 'bson';
import { validateCollectionName } from '../catalog';
import { CommandError, ErrorCodes } from '../errors';
import { validateIndexSpec } from '../indexes';
import { type Doc, isPlainObject, valueKey } from '../keys';
import { arrayArg, collectionArg } from './args';
import type { CommandContext, Reply } from './context';

export function createIndexes(cmd: Doc, ctx: CommandContext): Reply {
  const name = collectionArg(cmd, 'createIndexes');
  validateCollectionName(ctx.dbName, name);
  const specs = (arrayArg(cmd, 'createIndexes', 'indexes') ?? []).map(validateIndexSpec);
  if (specs.length === 0) throw new CommandError(ErrorCodes.BadValue, 'Must specify at least one index to create');
  const existed = ctx.catalog.collection(ctx.dbName, name) !== undefined;
  const coll = ctx.catalog.collection(ctx.dbName, name, true);
  const before = coll.indexSpecs().length;
  for (const spec of specs) {
    const sameKey = coll.indexSpecs().find((s) => valueKey(s.key) === valueKey(spec.key));
    const sameName = coll.indexSpecs().find((s) => s.name === spec.name);
    if (sameName && valueKey(sameName.key) !== valueKey(spec.key)) {
      throw new CommandError(
        ErrorCodes.IndexKeySpecsConflict,
        `An existing index has the same name as the requested index. When index names are not specified, they are auto generated and can cause conflicts. Please refer to our documentation. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(sameName)}`,
      );
    }
    if (sameKey) {
      if (sameKey.name !== spec.name || Boolean(sameKey.unique) !== Boolean(spec.unique)) {
        throw new CommandError(
          ErrorCodes.IndexOptionsConflict,
          `An equivalent index already exists with a different name and options. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(sameKey)}`,
        );
      }
      continue;
    }
    if (spec.name === '_id_') continue;
    coll.addIndex(spec);
  }
  const after = coll.indexSpecs().length;
  const reply: Doc = { numIndexesBefore: before, numIndexesAfter: after, createdCollectionAutomatically: !existed };
  if (before === after) reply.note = 'all indexes already exist';
  reply.ok = 1;
  return reply;
}

export function listIndexes(cmd: Doc, ctx: CommandContext): Reply {
  const name = collectionArg(cmd, 'listIndexes');
  const coll = ctx.catalog.collection(ctx.dbName, name);
  if (!coll) throw new CommandError(ErrorCodes.NamespaceNotFound, `ns does not exist: ${ctx.dbName}.${name}`);
  return { cursor: { id: Long.ZERO, ns: coll.ns, firstBatch: coll.indexSpecs() }, ok: 1 };
}

export function dropIndexes(cmd: Doc, ctx: CommandContext): Reply {
  const name = collectionArg(cmd, 'dropIndexes');
  const coll = ctx.catalog.collection(ctx.dbName, name);
  if (!coll) throw new CommandError(ErrorCodes.NamespaceNotFound, `ns not found ${ctx.dbName}.${name}`);
  const nIndexesWas = coll.indexSpecs().length;
  const target = cmd.index;
  const names: string[] = [];
  if (target === '*') {
    names.push(...coll.indexes.keys());
  } else if (typeof target === 'string') {
    names.push(target);
  } else if (Array.isArray(target)) {
    names.push(...target.map(String));
  } else if (isPlainObject(target)) {
    const found = coll.indexSpecs().find((s) => valueKey(s.key) === valueKey(target));
    if (!found) throw new CommandError(ErrorCodes.IndexNotFound, `can't find index with key: ${JSON.stringify(target)}`);
    names.push(found.name as string);
  } else {
    throw new CommandError(ErrorCodes.TypeMismatch, "BSON field 'dropIndexes.index' is the wrong type, expected types '[string, object, array]'");
  }
  for (const n of names) {
    if (n === '_id_') throw new CommandError(ErrorCodes.InvalidOptions, 'cannot drop _id index');
    if (!coll.indexes.has(n)) throw new CommandError(ErrorCodes.IndexNotFound, `index not found with name [${n}]`);
  }
  for (const n of names) coll.indexes.delete(n);
  return { nIndexesWas, ok: 1 };
}
