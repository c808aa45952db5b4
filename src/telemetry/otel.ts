// The OpenTelemetry implementation of Tracing, loaded only when tracing is on (tracing.ts).
//
// Nothing is registered globally: the active span is kept in this instance's own
// AsyncLocalStorage and parents are passed explicitly, so two gateways in one process (tests,
// benchmarks) never share or overwrite each other's tracer, and libraries that read the global
// OpenTelemetry API see no provider. Spans leave through a BatchSpanProcessor, off the request path.
import { AsyncLocalStorage } from 'node:async_hooks';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, defaultTextMapGetter, type Context, type Span, type Tracer } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { CommandFailedEvent, CommandStartedEvent, CommandSucceededEvent, MongoClient } from 'mongodb';
import { mongoCommandAttributes } from './mongo-attributes';
import type { SpanAttributes, SpanHandle, Tracing } from './span-types';

export interface OtelTracingOptions {
  readonly endpoint: string | null;
  readonly serviceName: string;
  readonly serviceVersion?: string;
  readonly exporter?: SpanExporter;
}

export function createOtelTracing(options: OtelTracingOptions): Tracing {
  const exporter = options.exporter ?? new OTLPTraceExporter(options.endpoint ? { url: options.endpoint } : {});
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.serviceName, ...(options.serviceVersion ? { 'service.version': options.serviceVersion } : {}) }),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  const tracer: Tracer = provider.getTracer('crm-gateway');
  const active = new AsyncLocalStorage<Context>();
  const propagator = new W3CTraceContextPropagator();

  const handle = (span: Span): SpanHandle => ({
    setAttributes: (attributes) => span.setAttributes(attributes),
    fail: (errorType) => {
      span.setAttribute('error.type', errorType);
      span.setStatus({ code: SpanStatusCode.ERROR });
    },
  });

  async function runIn<T>(span: Span, parent: Context, fn: (span: SpanHandle) => Promise<T>): Promise<T> {
    try {
      return await active.run(trace.setSpan(parent, span), () => fn(handle(span)));
    } catch (err) {
      handle(span).fail(err instanceof Error ? err.name : typeof err);
      throw err;
    } finally {
      span.end();
    }
  }

  const current = (): Context => active.getStore() ?? ROOT_CONTEXT;

  return {
    enabled: true,
    span(name, attributes, fn) {
      const parent = current();
      return runIn(tracer.startSpan(name, { kind: SpanKind.INTERNAL, attributes }, parent), parent, fn);
    },
    serverSpan(name, headers, attributes, fn) {
      const parent = propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
      return runIn(tracer.startSpan(name, { kind: SpanKind.SERVER, attributes }, parent), parent, fn);
    },
    start(name, attributes) {
      const span = tracer.startSpan(name, { kind: SpanKind.INTERNAL, attributes }, current());
      return { span: handle(span), end: () => span.end() };
    },
    annotate(attributes: SpanAttributes) {
      trace.getSpan(current())?.setAttributes(attributes);
    },
    monitorMongo(client: MongoClient) {
      // Keyed by connection and request id: both events of one command carry the same pair.
      const open = new Map<string, Span>();
      const key = (e: { connectionId?: unknown; requestId: number }) => `${String(e.connectionId)}:${e.requestId}`;
      client.on('commandStarted', (e: CommandStartedEvent) => {
        open.set(key(e), tracer.startSpan(`mongodb.${e.commandName}`, { kind: SpanKind.CLIENT, attributes: mongoCommandAttributes(e) }, current()));
      });
      client.on('commandSucceeded', (e: CommandSucceededEvent) => {
        open.get(key(e))?.end();
        open.delete(key(e));
      });
      client.on('commandFailed', (e: CommandFailedEvent) => {
        const span = open.get(key(e));
        open.delete(key(e));
        if (!span) return;
        // The failure's class and numeric code only: a server message can quote a value (E11000).
        const failure = e.failure as { name?: string; code?: unknown };
        span.setAttribute('error.type', typeof failure.code === 'number' ? String(failure.code) : (failure.name ?? 'MongoError'));
        span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      });
    },
    flush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
}
