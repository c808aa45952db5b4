// Fault injection, driven from the test process: the store consults this before accepting a
// connection, before running a command and before sending a reply.
import { codeNameFor } from './errors';

export interface FailCommandSpec {
  command: string;
  collection?: string;
  code: number;
  codeName?: string;
  errmsg?: string;
  times: number;
}

export interface FaultInjector {
  /** New TCP connections are closed immediately. */
  refuseConnections(on: boolean): void;
  /** Destroys all open client sockets now. */
  dropConnections(): void;
  failCommand(spec: FailCommandSpec): void;
  /** Delays every reply by `ms` (0 = off). */
  delay(ms: number): void;
  reset(): void;
}

export class Faults implements FaultInjector {
  refusing = false;
  replyDelayMs = 0;
  private failures: FailCommandSpec[] = [];

  constructor(private readonly destroyConnections: () => void) {}

  refuseConnections(on: boolean): void {
    this.refusing = on;
  }

  dropConnections(): void {
    this.destroyConnections();
  }

  failCommand(spec: FailCommandSpec): void {
    if (!Number.isInteger(spec.times) || spec.times < 1) throw new RangeError('failCommand: times must be a positive integer');
    this.failures.push({ ...spec });
  }

  delay(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('delay: ms must be a non-negative number');
    this.replyDelayMs = ms;
  }

  reset(): void {
    this.refusing = false;
    this.replyDelayMs = 0;
    this.failures = [];
  }

  /** The error reply to send instead of running this command, consuming one planned failure. */
  takeFailure(command: string, collection: string | undefined): Record<string, unknown> | null {
    const i = this.failures.findIndex((f) => f.command.toLowerCase() === command.toLowerCase() && (f.collection === undefined || f.collection === collection));
    if (i === -1) return null;
    const f = this.failures[i];
    if (--f.times === 0) this.failures.splice(i, 1);
    return {
      ok: 0,
      errmsg: f.errmsg ?? `Failing command '${command}' via the embedded store's fault injector`,
      code: f.code,
      codeName: f.codeName ?? codeNameFor(f.code),
    };
  }
}
