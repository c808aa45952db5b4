// One timed run with autocannon: N connections for a duration against one URL. Latencies are taken
// from autocannon's per-response event (sub-millisecond precision; its histogram keeps whole
// milliseconds), for 2xx responses only; anything else is counted and reported, never timed.
// Bytes per response come from the same event.
// Bodies are scanned for GraphQL errors too: a 200 carrying `errors` is a mismatch, not a result.
import autocannon from 'autocannon';
import { percentile } from './stats';

export interface LoadRequest {
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly headers: Record<string, string>;
  readonly body?: string;
}

export interface LoadResult {
  readonly connections: number;
  readonly durationS: number;
  /** 2xx responses received within the duration. */
  readonly completed: number;
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Mean bytes received per 2xx response (status line, headers and body, as read off the socket). */
  readonly bytesPerResponse: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  /** Responses whose body carried GraphQL errors (the run is then reported as invalid). */
  readonly mismatches: number;
  /** `extensions.code` of the first error in each such body, counted. */
  readonly errorCodes: Record<string, number>;
}

/** Every response under load is scanned (cheaply) for a GraphQL `errors` member. */
export function bodyHasNoErrors(body: string): boolean {
  return !body.includes('"errors":');
}

export function runLoad(request: LoadRequest, connections: number, durationS: number, timeoutS: number): Promise<LoadResult> {
  const latencies: number[] = [];
  let okBytes = 0;
  let non2xx = 0;
  const errorCodes: Record<string, number> = {};
  const verifyBody = (body: string): boolean => {
    if (bodyHasNoErrors(body)) return true;
    const code = /"code":"([A-Za-z_]+)"/.exec(body)?.[1] ?? 'no code';
    errorCodes[code] = (errorCodes[code] ?? 0) + 1;
    return false;
  };
  const started = performance.now();
  return new Promise<LoadResult>((resolve, reject) => {
    const instance = autocannon(
      {
        url: request.url,
        method: request.method,
        headers: request.headers,
        ...(request.body === undefined ? {} : { body: request.body }),
        connections,
        duration: durationS,
        timeout: timeoutS,
        pipelining: 1,
        verifyBody,
      },
      (err, result) => {
        if (err) return reject(err);
        const elapsedS = (performance.now() - started) / 1000;
        resolve({
          connections,
          durationS: elapsedS,
          completed: latencies.length,
          rps: latencies.length / elapsedS,
          p50Ms: percentile(latencies, 50),
          p99Ms: percentile(latencies, 99),
          bytesPerResponse: latencies.length === 0 ? Number.NaN : okBytes / latencies.length,
          non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          mismatches: result.mismatches,
          errorCodes,
        });
      },
    );
    instance.on('response', (_client: unknown, statusCode: number, bytes: number, responseTimeMs: number) => {
      if (statusCode >= 200 && statusCode < 300) {
        latencies.push(responseTimeMs);
        okBytes += bytes;
      } else non2xx++;
    });
  });
}
