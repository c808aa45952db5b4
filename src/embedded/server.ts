// TCP server and connection lifecycle: frames requests, runs commands, writes replies, and
// closes (only) the connection that sends something malformed.
import net from 'node:net';
import tls from 'node:tls';
import { serialize } from 'bson';
import type { Logger } from 'pino';
import { Catalog } from './catalog';
import { commandCollection, commandName, OP_QUERY_COMMANDS, RawReply, runCommand, type CommandContext } from './commands/index';
import { CursorRegistry } from './cursors';
import { CommandError, ErrorCodes, ProtocolError, translateError } from './errors';
import { Faults } from './faults';
import type { Doc } from './keys';
import { normalizeNumbers } from './numeric-types';
import { encodeOpMsg, encodeOpReply, MessageFramer, OP_QUERY, parseMessage, type Request } from './wire';

export class StoreServer {
  readonly catalog = new Catalog();
  readonly cursors = new CursorRegistry();
  readonly faults: Faults;
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private nextConnectionId = 1;

  /** With `tlsOptions` (certificate and key), connections are TLS, as with mongod's `--tlsMode requireTLS`. */
  constructor(
    private readonly logger: Logger,
    tlsOptions?: tls.TlsOptions,
  ) {
    this.faults = new Faults(() => this.destroySockets('dropped by fault injection'));
    this.server = tlsOptions ? tls.createServer(tlsOptions, (socket) => this.accept(socket)) : net.createServer((socket) => this.accept(socket));
    if (tlsOptions) this.server.on('tlsClientError', (err) => this.logger.warn({ reason: err.message }, 'TLS handshake failed'));
  }

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve((this.server.address() as net.AddressInfo).port);
      });
    });
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.destroySockets('store closing');
    await closed;
    this.cursors.close();
  }

  private destroySockets(reason: string): void {
    for (const s of this.sockets) {
      this.logger.debug({ reason }, 'closing connection');
      s.destroy();
    }
    this.sockets.clear();
  }

  private accept(socket: net.Socket): void {
    if (this.faults.refusing) {
      socket.destroy();
      return;
    }
    const connectionId = this.nextConnectionId++;
    const log = this.logger.child({ conn: connectionId });
    this.sockets.add(socket);
    socket.setNoDelay(true);
    const framer = new MessageFramer();
    socket.on('data', (chunk: Buffer) => {
      let messages: Buffer[];
      try {
        messages = framer.push(chunk);
        for (const msg of messages) this.handle(socket, connectionId, log, parseMessage(msg));
      } catch (err) {
        // Whatever went wrong, only this connection pays for it; the server keeps serving.
        const reason = err instanceof Error ? err.message : String(err);
        if (err instanceof ProtocolError) log.warn({ reason }, 'closing connection after malformed message');
        else log.error({ reason, err }, 'closing connection after an internal error');
        socket.destroy();
      }
    });
    socket.on('error', (err) => log.debug({ err: err.message }, 'socket error'));
    socket.on('close', () => {
      this.sockets.delete(socket);
      if (framer.pending > 0) log.warn({ reason: `connection closed with ${framer.pending} bytes of an incomplete message` }, 'truncated message');
    });
  }

  private handle(socket: net.Socket, connectionId: number, log: Logger, req: Request): void {
    const started = performance.now();
    const reply = this.execute(req, connectionId, log);
    if (req.moreToCome) return;
    let frames: Uint8Array[];
    try {
      frames = this.encode(req, reply);
    } catch (err) {
      // E.g. a result document over 16 MB: an error reply, as mongod would send.
      frames = this.encode(req, translateError(err).toReply());
    }
    log.debug({ cmd: commandName(req.body), ms: Math.round((performance.now() - started) * 1000) / 1000 }, 'command');
    const send = (): void => {
      if (socket.destroyed) return;
      socket.cork();
      for (const f of frames) socket.write(f);
      socket.uncork();
    };
    const delay = this.faults.replyDelayMs;
    if (delay > 0) setTimeout(send, delay);
    else send();
  }

  private encode(req: Request, reply: Doc | RawReply): Uint8Array[] {
    if (req.opCode === OP_QUERY) return encodeOpReply(req.requestId, reply instanceof RawReply ? {} : reply);
    return encodeOpMsg(req.requestId, reply instanceof RawReply ? reply.bytes : serialize(reply, { ignoreUndefined: true }));
  }

  private execute(req: Request, connectionId: number, log: Logger): Doc | RawReply {
    const body = req.body;
    const name = commandName(body);
    let dbName: string;
    if (req.opCode === OP_QUERY) {
      const ns = req.namespace ?? '';
      if (!ns.endsWith('.$cmd') || !OP_QUERY_COMMANDS.has(name)) {
        return new CommandError(352, `Unsupported OP_QUERY command: ${name}. The client driver may require an upgrade.`, {}, 'UnsupportedOpQueryCommand').toReply();
      }
      dbName = ns.slice(0, -'.$cmd'.length);
    } else {
      if (typeof body.$db !== 'string') return new CommandError(ErrorCodes.Location40571, 'OP_MSG requests require a $db argument').toReply();
      dbName = body.$db;
    }
    const failure = this.faults.takeFailure(name, commandCollection(body));
    if (failure) return failure;
    const ctx: CommandContext = {
      catalog: this.catalog,
      cursors: this.cursors,
      dbName,
      connectionId,
      numericHints: normalizeNumbers(body),
      logger: log,
    };
    try {
      return runCommand(body, ctx);
    } catch (err) {
      const e = translateError(err);
      if (!(err instanceof CommandError)) log.debug({ cmd: name, err: err instanceof Error ? err.stack : String(err) }, 'command failed');
      return e.toReply();
    }
  }
}
