// Databases and collections: listDatabases, listCollections, create, drop, dropDatabase.
import { Long } from 'bson';
import { validateCollectionName } from '../catalog';
import { CommandError, ErrorCodes, translateError } from '../errors';
import type { Doc } from '../keys';
import { Query, queryOptions } from '../query-engine';
import { boolArg, collectionArg, docArg } from './args';
import type { CommandContext, Reply } from './context';

const SIZE_PER_DOC = 256; // listDatabases reports sizes; an estimate is all an in-memory store has.

function filterWith(filter: Doc | undefined, items: Doc[]): Doc[] {
  if (!filter || Object.keys(filter).length === 0) return items;
  try {
    return new Query<Doc>(filter, queryOptions()).find<Doc>(items).all();
  } catch (err) {
    throw translateError(err);
  }
}

export function listDatabases(cmd: Doc, ctx: CommandContext): Reply {
  const all = [...ctx.catalog.databases.values()].map((db) => {
    let docs = 0;
    for (const c of db.collections.values()) docs += c.docs.size;
    return { name: db.name, sizeOnDisk: docs * SIZE_PER_DOC, empty: docs === 0 };
  });
  const databases = filterWith(docArg(cmd, 'listDatabases', 'filter'), all);
  if (boolArg(cmd, 'nameOnly')) return { databases: databases.map((d) => ({ name: d.name })), ok: 1 };
  const totalSize = databases.reduce((n, d) => n + (d.sizeOnDisk as number), 0);
  return { databases, totalSize, totalSizeMb: Math.floor(totalSize / 1048576), ok: 1 };
}

export function listCollections(cmd: Doc, ctx: CommandContext): Reply {
  const db = ctx.catalog.database(ctx.dbName);
  const all: Doc[] = [...(db?.collections.values() ?? [])].map((c) => ({
    name: c.name,
    type: 'collection',
    options: c.options,
    info: { readOnly: false, uuid: c.uuid },
    idIndex: { v: 2, key: { _id: 1 }, name: '_id_' },
  }));
  let firstBatch = filterWith(docArg(cmd, 'listCollections', 'filter'), all);
  if (boolArg(cmd, 'nameOnly')) firstBatch = firstBatch.map((c) => ({ name: c.name, type: c.type }));
  return { cursor: { id: Long.ZERO, ns: `${ctx.dbName}.$cmd.listCollections`, firstBatch }, ok: 1 };
}

const CREATE_OPTIONS = new Set([
  'capped',
  'size',
  'max',
  'validator',
  'validationLevel',
  'validationAction',
  'collation',
  'timeseries',
  'expireAfterSeconds',
  'clusteredIndex',
  'viewOn',
  'pipeline',
  'storageEngine',
  'indexOptionDefaults',
  'changeStreamPreAndPostImages',
  'encryptedFields',
]);
const UNSUPPORTED_CREATE = ['viewOn', 'timeseries', 'capped', 'validator', 'clusteredIndex', 'encryptedFields'];

export function create(cmd: Doc, ctx: CommandContext): Reply {
  const name = collectionArg(cmd, 'create');
  validateCollectionName(ctx.dbName, name);
  const unsupported = UNSUPPORTED_CREATE.find((o) => cmd[o] !== undefined && cmd[o] !== false);
  if (unsupported) throw new CommandError(ErrorCodes.CommandNotSupported, `create: the '${unsupported}' option is not supported by the embedded store`);
  if (ctx.catalog.collection(ctx.dbName, name)) {
    throw new CommandError(ErrorCodes.NamespaceExists, `Collection ${ctx.dbName}.${name} already exists.`);
  }
  const coll = ctx.catalog.collection(ctx.dbName, name, true);
  for (const [k, v] of Object.entries(cmd)) if (CREATE_OPTIONS.has(k)) coll.options[k] = v;
  return { ok: 1 };
}

export function drop(cmd: Doc, ctx: CommandContext): Reply {
  const name = collectionArg(cmd, 'drop');
  const coll = ctx.catalog.dropCollection(ctx.dbName, name);
  // Since 7.0, dropping a collection that does not exist succeeds.
  if (!coll) return { ok: 1 };
  return { nIndexesWas: coll.indexSpecs().length, ns: coll.ns, ok: 1 };
}

export function dropDatabase(_cmd: Doc, ctx: CommandContext): Reply {
  ctx.catalog.dropDatabase(ctx.dbName);
  return { dropped: ctx.dbName, ok: 1 };
}
