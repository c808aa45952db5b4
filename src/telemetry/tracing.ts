// The gateway's view of tracing: a small interface the request path calls at each step, and a
// no-op implementation used whenever no OTLP endpoint is configured. The OpenTelemetry SDK lives
// in otel.ts and is imported only when tracing is on, so a gateway without an endpoint neither
// loads nor pays for it.
//
// What may go into a span: names of steps, fixed vocabularies (status, role, token kind, command
// and collection names, error classes), counts and durations. Never a subject, a document id, a
// filter, a variable, a query text or a value (docs/design.md, "What never leaves the gateway").
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { Config } from '../config/env';
import type { SpanHandle, Tracing } from './span-types';

export type { SpanAttributes, SpanHandle, Tracing } from './span-types';

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
