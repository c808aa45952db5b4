// The tracing interface the request path calls (tracing.ts explains what a span may hold). Its own
// module so that the OpenTelemetry implementation (otel.ts), loaded lazily by tracing.ts, needs
// nothing back from it.
import type { MongoClient } from 'mongodb';

export type SpanAttributes = Readonly<Record<string, string | number | boolean>>;

export interface SpanHandle {
  setAttributes(attributes: SpanAttributes): void;
  /** Marks the span failed with an error class or code; never a message (it may quote a value). */
  fail(errorType: string): void;
}

export interface Tracing {
  readonly enabled: boolean;
  /** Runs `fn` in a new span, a child of the span active where it is called; the span ends when `fn` settles. */
  span<T>(name: string, attributes: SpanAttributes, fn: (span: SpanHandle) => Promise<T>): Promise<T>;
  /** Like span(), as the server span of an incoming request: continues a W3C `traceparent` when one is sent. */
  serverSpan<T>(name: string, headers: Readonly<Record<string, string | string[] | undefined>>, attributes: SpanAttributes, fn: (span: SpanHandle) => Promise<T>): Promise<T>;
  /** Opens a span now and returns a function that ends it (for hooks that start and end in different callbacks). */
  start(name: string, attributes: SpanAttributes): { span: SpanHandle; end(): void };
  /** Adds attributes to the active span (e.g. the operation type once Apollo has resolved it). */
  annotate(attributes: SpanAttributes): void;
  /** One span per MongoDB command of a client created with `monitorCommands: true`; no statements. */
  monitorMongo(client: MongoClient): void;
  /** Exports what is buffered. */
  flush(): Promise<void>;
  /** Exports what is buffered and stops. */
  shutdown(): Promise<void>;
}
