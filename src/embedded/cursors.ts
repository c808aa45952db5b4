// Open cursors: the rest of a find/aggregate result, handed out batch by batch by getMore.
// A cursor holds references to (immutable) stored documents, so it is a snapshot of its result.
// Exhausted and killed cursors are dropped at once; idle ones expire like mongod's (10 minutes).
import type { Doc } from './keys';

export interface OpenCursor {
  id: number;
  ns: string;
  docs: Doc[];
  position: number;
  lastUsed: number;
}

const IDLE_TIMEOUT_MS = 10 * 60 * 1000;

export class CursorRegistry {
  private readonly cursors = new Map<number, OpenCursor>();
  private nextId = 1 + Math.floor(Math.random() * 2 ** 40);
  private readonly sweeper: NodeJS.Timeout;

  constructor() {
    this.sweeper = setInterval(() => this.expireIdle(Date.now()), 60_000);
    this.sweeper.unref();
  }

  open(ns: string, docs: Doc[], position: number): OpenCursor {
    const cursor: OpenCursor = { id: this.nextId++, ns, docs, position, lastUsed: Date.now() };
    this.cursors.set(cursor.id, cursor);
    return cursor;
  }

  get(id: number): OpenCursor | undefined {
    const c = this.cursors.get(id);
    if (c) c.lastUsed = Date.now();
    return c;
  }

  /** Frees a cursor; returns whether it existed. */
  kill(id: number): boolean {
    return this.cursors.delete(id);
  }

  get size(): number {
    return this.cursors.size;
  }

  expireIdle(now: number): void {
    for (const [id, c] of this.cursors) if (now - c.lastUsed > IDLE_TIMEOUT_MS) this.cursors.delete(id);
  }

  close(): void {
    clearInterval(this.sweeper);
    this.cursors.clear();
  }
}
