import type { Logger } from 'pino';
import type { Catalog } from '../catalog';
import type { CursorRegistry } from '../cursors';
import type { Doc } from '../keys';

/** What a command handler may use: the data, the cursors, and who is asking. */
export interface CommandContext {
  catalog: Catalog;
  cursors: CursorRegistry;
  /** The command's `$db`. */
  dbName: string;
  connectionId: number;
  /** Whether the decoded command carried numeric types that need restoring on read. */
  numericHints: boolean;
  logger: Logger;
}

/** A reply already encoded as BSON (cursor replies build their bytes directly). */
export class RawReply {
  constructor(readonly bytes: Uint8Array) {}
}

export type Reply = Doc | RawReply;

export type CommandHandler = (cmd: Doc, ctx: CommandContext) => Reply;
