// The orchestrator's side of a benchmark process: spawns `node bin/run-ts.mjs FILE` with an IPC
// channel, waits for its URL, and asks it for its counters (bench/variants/harness.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildMessage, ProcessStats } from './variants/harness';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const START_TIMEOUT_MS = 120_000;

export class BenchProcess {
  private nextId = 1;
  private readonly pending = new Map<number, (stats: ProcessStats) => void>();
  private stderrTail: string[] = [];
  private exited = false;
  private exitCode: number | string | null = null;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    child.on('message', (raw) => {
      const msg = raw as ChildMessage;
      if (msg.type !== 'reply') return;
      this.pending.get(msg.id)?.(msg.stats);
      this.pending.delete(msg.id);
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderrTail.push(chunk);
      if (this.stderrTail.length > 20) this.stderrTail.shift();
    });
    child.stdout?.resume();
    child.on('exit', (code, signal) => {
      this.exited = true;
      this.exitCode = code ?? signal;
    });
  }

  url = '';

  static async start(name: string, file: string, env: Record<string, string>, nodeArgs: readonly string[] = []): Promise<BenchProcess> {
    const child = spawn(process.execPath, [...nodeArgs, path.join(ROOT, 'bin/run-ts.mjs'), file], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: { ...process.env, ...env, BENCH_CHILD: '1' },
    });
    const proc = new BenchProcess(name, child);
    proc.url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name}: no URL after ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
      child.on('message', (raw) => {
        const msg = raw as ChildMessage;
        if (msg.type === 'ready') {
          clearTimeout(timer);
          resolve(msg.url);
        } else if (msg.type === 'failed') {
          clearTimeout(timer);
          reject(new Error(msg.message));
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${name} exited with code ${code} before it was ready: ${proc.stderr().slice(-600)}`));
      });
    });
    return proc;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Throws when the process has exited: numbers measured after that would be meaningless. */
  assertAlive(): void {
    if (this.exited) throw new Error(`${this.name} exited (${this.exitCode}) during the run: ${this.stderr().slice(-800)}`);
  }

  stderr(): string {
    return this.stderrTail.join('');
  }

  private ask(type: 'reset' | 'stats' | 'close'): Promise<ProcessStats> {
    if (this.exited) return Promise.reject(new Error(`${this.name} has exited: ${this.stderr().slice(-600)}`));
    const id = this.nextId++;
    return new Promise<ProcessStats>((resolve, reject) => {
      this.pending.set(id, resolve);
      this.child.send({ type, id }, (err) => {
        if (err) {
          this.pending.delete(id);
          reject(err);
        }
      });
    });
  }

  reset(): Promise<ProcessStats> {
    return this.ask('reset');
  }

  stats(): Promise<ProcessStats> {
    return this.ask('stats');
  }

  /**
   * Waits until every request the server accepted has been answered and every MongoDB command
   * it sent has returned (twice in a row, 50 ms apart): requests the load generator abandoned at
   * its deadline still run to the end server-side, and must not overlap the next run.
   */
  async quiesce(timeoutMs = 120_000): Promise<ProcessStats> {
    const deadline = Date.now() + timeoutMs;
    let idleBefore = false;
    for (;;) {
      const stats = await this.stats();
      const idle = stats.inflight === 0 && stats.pendingCommands === 0;
      if ((idle && idleBefore) || Date.now() > deadline) return stats;
      idleBefore = idle;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Final stats (peak RSS over the whole run), then the process exits. */
  async close(): Promise<ProcessStats | null> {
    if (this.exited) return null;
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 30_000);
    try {
      return await this.ask('close');
    } catch {
      return null;
    } finally {
      clearTimeout(timer);
    }
  }
}
