// Each request's deadline (REQUEST_TIMEOUT): when it passes, the HTTP layer answers 504
// DEADLINE_EXCEEDED instead of leaving the socket hanging, and the data layer sends no further
// MongoDB command for that request. Every command it does send carries `maxTimeMS`: what is left
// of the request's time, capped at MONGODB_MAX_TIME, so the server stops work nobody waits for.
import { gatewayError } from '../errors';

export interface Deadline {
  readonly signal: AbortSignal;
  /** For one MongoDB command; throws DEADLINE_EXCEEDED once the request's time is up. */
  maxTimeMS(): number;
}

export interface RequestDeadline extends Deadline {
  /** Resolves when the time is up (never rejects); cancel() stops the timer. */
  readonly expired: Promise<void>;
  cancel(): void;
}

export function createDeadline(timeoutMs: number, commandMaxMs: number, now: () => number = Date.now): RequestDeadline {
  const controller = new AbortController();
  const endsAt = now() + timeoutMs;
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve();
    }, timeoutMs);
    timer.unref();
  });
  return {
    signal: controller.signal,
    expired,
    cancel: () => clearTimeout(timer),
    maxTimeMS() {
      const left = endsAt - now();
      if (controller.signal.aborted || left <= 0) throw gatewayError('DEADLINE_EXCEEDED');
      return Math.max(1, Math.min(Math.floor(left), commandMaxMs));
    },
  };
}

/** For work outside a request (start-up, CLI): only the per-command cap applies. */
export function noDeadline(commandMaxMs: number): Deadline {
  return { signal: new AbortController().signal, maxTimeMS: () => commandMaxMs };
}
