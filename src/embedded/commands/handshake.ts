// hello / isMaster, ping, buildInfo, endSessions: what a standalone mongod 7.0 answers.
import { MAX_BSON_OBJECT_SIZE, MAX_MESSAGE_SIZE } from '../wire';
import type { Doc } from '../keys';
import type { CommandContext, Reply } from './context';

export const SERVER_VERSION = '7.0.0';
const MAX_WIRE_VERSION = 21; // MongoDB 7.0

/**
 * No `topologyVersion` is sent, so drivers poll with plain hello instead of the streaming
 * (awaitable hello) protocol; both are valid for a standalone server.
 */
export function hello(cmd: Doc, ctx: CommandContext, legacy: boolean): Reply {
  const reply: Doc = {};
  if (cmd.helloOk === true) reply.helloOk = true;
  reply[legacy ? 'ismaster' : 'isWritablePrimary'] = true;
  Object.assign(reply, {
    maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
    maxMessageSizeBytes: MAX_MESSAGE_SIZE,
    maxWriteBatchSize: 100_000,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: 30,
    connectionId: ctx.connectionId,
    minWireVersion: 0,
    maxWireVersion: MAX_WIRE_VERSION,
    readOnly: false,
    ok: 1,
  });
  return reply;
}

export function ping(): Reply {
  return { ok: 1 };
}

export function buildInfo(): Reply {
  return {
    version: SERVER_VERSION,
    gitVersion: 'crm-gateway-embedded',
    modules: [],
    allocator: 'system',
    javascriptEngine: 'none',
    sysInfo: 'deprecated',
    versionArray: [7, 0, 0, 0],
    bits: 64,
    debug: false,
    maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
    storageEngines: ['embedded-memory'],
    ok: 1,
  };
}

export function endSessions(): Reply {
  return { ok: 1 };
}
