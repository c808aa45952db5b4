// Load shedding: when the gateway is already saturated, a new request is answered at once with
// 503 OVERLOADED and Retry-After instead of joining an unbounded queue. Saturated means too many
// requests in flight on this instance, or an event loop whose mean delay over the last sampling
// interval is beyond the threshold (perf_hooks.monitorEventLoopDelay): then every queued request is already
// late, and taking more only makes all of them later.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { gatewayError } from '../errors';
import type { RateRefusal } from './rate-limits';

export interface OverloadOptions {
  /** @default 256 */
  readonly maxInFlight: number;
  /** Mean event-loop delay over the last interval beyond which new requests are refused. @default 500 */
  readonly maxEventLoopDelayMs: number;
  /** @default 500 */
  readonly sampleMs?: number;
}

export interface OverloadGuard {
  /** A refusal, or null and the request is counted in flight until `done` is called. */
  admit(): RateRefusal | null;
  done(): void;
  stop(): void;
}

const RETRY_AFTER_SECONDS = 1;

export function createOverloadGuard(options: OverloadOptions): OverloadGuard {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  let lagging = false;
  const sampler = setInterval(() => {
    // The mean, not the max: one long task is a spike; a mean this high is a loop that stays behind.
    lagging = histogram.count > 0 && histogram.mean / 1e6 > options.maxEventLoopDelayMs;
    histogram.reset();
  }, options.sampleMs ?? 500);
  sampler.unref();
  let inFlight = 0;
  const refusal = (why: string): RateRefusal => ({
    retryAfterSeconds: RETRY_AFTER_SECONDS,
    error: gatewayError('OVERLOADED', `the gateway is overloaded (${why}); retry in ${RETRY_AFTER_SECONDS} s`, { retryAfterSeconds: RETRY_AFTER_SECONDS }),
  });
  return {
    admit() {
      if (inFlight >= options.maxInFlight) return refusal(`${inFlight} requests in flight`);
      if (lagging) return refusal('event loop delayed');
      inFlight++;
      return null;
    },
    done() {
      inFlight = Math.max(0, inFlight - 1);
    },
    stop() {
      clearInterval(sampler);
      histogram.disable();
    },
  };
}
