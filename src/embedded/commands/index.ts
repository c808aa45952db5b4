// The command table and dispatch. Commands are looked up by their first field, as mongod does.
import { CommandError, ErrorCodes } from '../errors';
import type { Doc } from '../keys';
import { listCollections, listDatabases, create, drop, dropDatabase } from './admin';
import { aggregate } from './aggregate';
import type { CommandContext, CommandHandler, Reply } from './context';
import { count, distinct } from './count-distinct';
import { explain } from './explain';
import { find, getMore, killCursors } from './find';
import { findAndModify } from './find-and-modify';
import { buildInfo, endSessions, hello, ping } from './handshake';
import { createIndexes, dropIndexes, listIndexes } from './indexes';
import { del, insert, update } from './write';

export { RawReply, type CommandContext, type Reply } from './context';

const notOnStandalone: CommandHandler = () => {
  throw new CommandError(ErrorCodes.IllegalOperation, 'Transaction numbers are only allowed on a replica set member or mongos');
};

const COMMANDS: Record<string, CommandHandler> = {
  hello: (cmd, ctx) => hello(cmd, ctx, false),
  isMaster: (cmd, ctx) => hello(cmd, ctx, true),
  ismaster: (cmd, ctx) => hello(cmd, ctx, true),
  ping,
  buildInfo,
  buildinfo: buildInfo,
  endSessions,
  listDatabases,
  listCollections,
  create,
  drop,
  dropDatabase,
  insert,
  find,
  getMore,
  killCursors,
  aggregate,
  update,
  delete: del,
  findAndModify,
  findandmodify: findAndModify,
  count,
  distinct,
  createIndexes,
  listIndexes,
  dropIndexes,
  deleteIndexes: dropIndexes,
  explain,
  commitTransaction: notOnStandalone,
  abortTransaction: notOnStandalone,
};

/** Commands a legacy OP_QUERY may carry; everything else must come as OP_MSG. */
export const OP_QUERY_COMMANDS = new Set(['hello', 'isMaster', 'ismaster']);

export function commandName(body: Doc): string {
  return Object.keys(body)[0] ?? '';
}

/** The collection a command addresses, for fault matching and logs. */
export function commandCollection(body: Doc): string | undefined {
  const name = commandName(body);
  if (name === 'getMore') return typeof body.collection === 'string' ? body.collection : undefined;
  if (name === 'explain' && body.explain && typeof body.explain === 'object') return commandCollection(body.explain as Doc);
  const v = body[name];
  return typeof v === 'string' ? v : undefined;
}

export function runCommand(body: Doc, ctx: CommandContext): Reply {
  const name = commandName(body);
  const handler = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!handler) throw new CommandError(ErrorCodes.CommandNotFound, `no such command: '${name}'`);
  if (body.txnNumber !== undefined || body.startTransaction !== undefined || body.autocommit !== undefined) notOnStandalone(body, ctx);
  return handler(body, ctx);
}
