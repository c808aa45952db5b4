// The embedded, MongoDB-wire-compatible in-memory store (docs/design.md, "The embedded store's contract"): public surface.
import pino, { type Logger } from 'pino';
import type { FaultInjector } from './faults';
import { StoreServer } from './server';

export type { FaultInjector, FailCommandSpec } from './faults';

export interface EmbeddedStoreOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on; loopback by default. */
  host?: string;
  logger?: Logger;
  /** PEM certificate chain and private key: the store then accepts TLS connections only. */
  tls?: { cert: string | Buffer; key: string | Buffer };
}

export interface EmbeddedStore {
  /** `mongodb://127.0.0.1:PORT` (with `/?tls=true` when TLS is on) */
  readonly uri: string;
  readonly port: number;
  readonly faults: FaultInjector;
  close(): Promise<void>;
}

export async function startEmbeddedStore(opts: EmbeddedStoreOptions = {}): Promise<EmbeddedStore> {
  const host = opts.host ?? '127.0.0.1';
  const logger = opts.logger ?? pino({ level: 'silent' });
  const server = new StoreServer(logger.child({ component: 'embedded-store' }), opts.tls ? { cert: opts.tls.cert, key: opts.tls.key, minVersion: 'TLSv1.2' } : undefined);
  const port = await server.listen(opts.port ?? 0, host);
  const uri = `mongodb://${host.includes(':') ? `[${host}]` : host}:${port}${opts.tls ? '/?tls=true' : ''}`;
  logger.info({ uri }, 'embedded store listening');
  let closing: Promise<void> | null = null;
  return {
    uri,
    port,
    faults: server.faults,
    close: () => (closing ??= server.close()),
  };
}
