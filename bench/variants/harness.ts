// The child side of a benchmark process (a variant server or the shared store): connects the
// driver with command monitoring, counts MongoDB commands and HTTP requests, and answers the
// orchestrator's reset / stats / close messages over the IPC channel. Every variant is measured
// the same way, so the numbers compare.
import diagnostics_channel from 'node:diagnostics_channel';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { MongoClient, type CommandFailedEvent, type CommandStartedEvent, type CommandSucceededEvent, type Db } from 'mongodb';

/** Connection handshakes and driver housekeeping: not work a request asked for. */
const HOUSEKEEPING = new Set(['hello', 'isMaster', 'ismaster', 'ping', 'endSessions', 'saslStart', 'saslContinue', 'buildInfo']);

export interface VariantServer {
  /** Where the load generator sends requests (a GraphQL endpoint, or the floor's base URL). */
  readonly url: string;
  /** Audit records durably written so far (undefined: this variant writes none). */
  auditRecords?(): number;
  close(): Promise<void>;
}

export interface VariantDeps {
  readonly db: Db;
  readonly client: MongoClient;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export type StartVariant = (deps: VariantDeps) => Promise<VariantServer>;

export interface ProcessStats {
  readonly requests: number;
  /** Requests whose handler has not ended its response yet (abandoned ones included). */
  readonly inflight: number;
  readonly commands: number;
  /** Commands sent and not yet answered. */
  readonly pendingCommands: number;
  readonly commandsByName: Record<string, number>;
  readonly auditRecords: number | null;
  readonly maxRssBytes: number;
  /** Resident set size now. */
  readonly rssBytes: number;
  /** Event-loop delay since the last reset (perf_hooks.monitorEventLoopDelay, 10 ms resolution). */
  readonly eventLoopDelayMs: { readonly p50: number; readonly p99: number; readonly max: number };
}

export type ParentMessage = { type: 'reset' | 'stats' | 'close'; id: number };
export type ChildMessage = { type: 'ready'; url: string; pid: number } | { type: 'failed'; message: string } | { type: 'reply'; id: number; stats: ProcessStats };

export class CommandCounter {
  private total = 0;
  private byName: Record<string, number> = {};
  private open = 0;

  attach(client: MongoClient): void {
    client.on('commandStarted', (e: CommandStartedEvent) => {
      this.open++;
      if (HOUSEKEEPING.has(e.commandName)) return;
      this.total++;
      this.byName[e.commandName] = (this.byName[e.commandName] ?? 0) + 1;
    });
    const done = (_e: CommandSucceededEvent | CommandFailedEvent) => this.open--;
    client.on('commandSucceeded', done);
    client.on('commandFailed', done);
  }

  get pending(): number {
    return this.open;
  }

  reset(): void {
    this.total = 0;
    this.byName = {};
  }

  snapshot(): { total: number; byName: Record<string, number> } {
    return { total: this.total, byName: { ...this.byName } };
  }
}

/**
 * HTTP requests this process's servers started, and how many are still being worked on. A request
 * counts as done when its handler ends the response, not when the socket closes: the load
 * generator drops its connections at the deadline, and the server keeps executing (and, for the
 * gateway, auditing) what it had accepted. The next run must not share the CPU with that.
 */
export class RequestCounter {
  private started = 0;
  private open = 0;

  attach(): void {
    const counter = this;
    diagnostics_channel.subscribe('http.server.request.start', (message) => {
      const { response } = message as { request: IncomingMessage; response: ServerResponse };
      this.started++;
      this.open++;
      const end = response.end;
      let ended = false;
      response.end = function (this: ServerResponse, ...args: unknown[]) {
        if (!ended) {
          ended = true;
          counter.open--;
        }
        return (end as (...a: unknown[]) => ServerResponse).apply(this, args);
      } as ServerResponse['end'];
    });
  }

  reset(): void {
    this.started = 0;
  }

  get requests(): number {
    return this.started;
  }

  get inflight(): number {
    return this.open;
  }
}

/** Listens on loopback (port 0: any free port); resolves to the base URL and a close that drops keep-alive connections. */
export async function listenLoopback(server: Server, port = 0): Promise<{ baseUrl: string; close(): Promise<void> }> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Peak resident set size of this process so far (resourceUsage reports kilobytes). */
export function maxRssBytes(): number {
  return process.resourceUsage().maxRSS * 1024;
}

/**
 * Runs `start` as a child process of the orchestrator: BENCH_MONGO_URI and BENCH_DB name the shared
 * store. Prints the URL on stdout and sends it over IPC, then serves until told to close.
 */
export async function runChild(name: string, start: StartVariant): Promise<void> {
  const uri = process.env.BENCH_MONGO_URI;
  if (!uri) throw new Error(`${name}: BENCH_MONGO_URI is not set`);
  const commands = new CommandCounter();
  const requests = new RequestCounter();
  requests.attach();
  const client = new MongoClient(uri, { monitorCommands: true, appName: `bench-${name}` });
  commands.attach(client);
  let server: VariantServer;
  try {
    await client.connect();
    server = await start({ db: client.db(process.env.BENCH_DB ?? 'crm'), client, env: process.env });
  } catch (err) {
    const message = `${name} failed to start: ${(err as Error)?.message ?? String(err)}`;
    console.error(message);
    process.send?.({ type: 'failed', message } satisfies ChildMessage);
    await client.close().catch(() => undefined);
    process.exitCode = 1;
    process.disconnect?.();
    return;
  }
  let auditBase = server.auditRecords?.() ?? 0;
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const nsToMs = (ns: number) => ns / 1e6;

  const stats = (): ProcessStats => {
    const snap = commands.snapshot();
    return {
      requests: requests.requests,
      inflight: requests.inflight,
      commands: snap.total,
      pendingCommands: commands.pending,
      commandsByName: snap.byName,
      auditRecords: server.auditRecords ? server.auditRecords() - auditBase : null,
      maxRssBytes: maxRssBytes(),
      rssBytes: process.memoryUsage.rss(),
      eventLoopDelayMs: { p50: nsToMs(loopDelay.percentile(50)), p99: nsToMs(loopDelay.percentile(99)), max: nsToMs(loopDelay.max) },
    };
  };

  process.on('message', (raw) => {
    const msg = raw as ParentMessage;
    if (msg.type === 'reset') {
      commands.reset();
      requests.reset();
      loopDelay.reset();
      auditBase = server.auditRecords?.() ?? 0;
    }
    if (msg.type === 'close') {
      void (async () => {
        await server.close().catch(() => undefined);
        await client.close().catch(() => undefined);
        process.send?.({ type: 'reply', id: msg.id, stats: stats() } satisfies ChildMessage, () => process.exit(0));
      })();
      return;
    }
    process.send?.({ type: 'reply', id: msg.id, stats: stats() } satisfies ChildMessage);
  });
  // An orphaned child (the orchestrator died) must not keep serving.
  process.on('disconnect', () => process.exit(0));

  console.log(server.url);
  process.send?.({ type: 'ready', url: server.url, pid: process.pid } satisfies ChildMessage);
}

/**
 * True when the module at `moduleUrl` is the entry point the orchestrator started (not a module
 * imported by a test or by another variant).
 */
export function isBenchEntry(moduleUrl: string): boolean {
  const entry = process.argv[1];
  return process.env.BENCH_CHILD === '1' && typeof process.send === 'function' && entry !== undefined && fileURLToPath(moduleUrl) === path.resolve(entry);
}
