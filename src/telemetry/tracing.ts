// The gateway's view of tracing: a small interface the request path calls at each step, and a
// no-op implementation used whenever no OTLP endpoint is configured. The OpenTelemetry SDK lives
// in otel.ts and is imported only when tracing is on, so a gateway without an endpoint neither
// loads nor pays for it.
//
// What may go into a span: names of steps, fixed vocabularies (status, role, token kind, command
// and collection names, error classes), counts and durations. Never a subject, a document id, a
// filter, a variable, a query text or a value (docs/design.md, "What never leaves the gateway").
import type { MongoClient } from 'mongodb';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { Config } from '../config/env';

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

const NOOP_SPAN: SpanHandle = { setAttributes() {}, fail() {} };
const NOOP_END = { span: NOOP_SPAN, end() {} };

export const NO_TRACING: Tracing = {
  enabled: false,
  span: (_name, _attributes, fn) => fn(NOOP_SPAN),
  serverSpan: (_name, _headers, _attributes, fn) => fn(NOOP_SPAN),
  start: () => NOOP_END,
  annotate() {},
  monitorMongo() {},
  flush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
};

export interface TracingOptions {
  /** Replaces the OTLP exporter (tests use InMemorySpanExporter); turns tracing on without an endpoint. */
  readonly exporter?: SpanExporter;
  readonly serviceVersion?: string;
}

/** NO_TRACING unless an endpoint (or an exporter) is given; only then is the SDK imported. */
export async function createTracing(config: Config['tracing'], options: TracingOptions = {}): Promise<Tracing> {
  if (config === null && options.exporter === undefined) return NO_TRACING;
  const { createOtelTracing } = await import('./otel');
  return createOtelTracing({ endpoint: config?.endpoint ?? null, serviceName: config?.serviceName ?? 'crm-gateway', ...options });
}
