// `crm-gateway store [--port N]`: the embedded MongoDB-compatible store on loopback, until
// interrupted. Prints only the connection string on stdout, so scripts can capture it.
import { readFileSync } from 'node:fs';
import pino from 'pino';
import { startEmbeddedStore, type EmbeddedStore } from '../embedded/index';
import { EXIT_OK, parseFlags, parsePositiveInt, usageError } from './command';

const DEFAULT_PORT = 27017;

const USAGE = `usage: crm-gateway store [--port N] [--tls-cert FILE --tls-key FILE]

Runs the embedded, MongoDB-wire-compatible in-memory store on 127.0.0.1 until interrupted
(Ctrl-C), and prints its connection string. Data lives in memory only.

options:
  --port N          TCP port to listen on (default ${DEFAULT_PORT}; 0 picks a free port)
  --tls-cert FILE   PEM certificate chain: accept TLS connections only (the printed URI has
                    tls=true; clients add tlsCAFile=<the CA that signed it>)
  --tls-key FILE    PEM private key of that certificate
  --help            show this help`;

export async function run(argv: string[]): Promise<number> {
  const parsed = parseFlags(argv, { port: { type: 'string' }, 'tls-cert': { type: 'string' }, 'tls-key': { type: 'string' } }, USAGE);
  if ('exitCode' in parsed) return parsed.exitCode;
  const certFile = parsed.values['tls-cert'] as string | undefined;
  const keyFile = parsed.values['tls-key'] as string | undefined;
  if (Boolean(certFile) !== Boolean(keyFile)) return usageError('--tls-cert and --tls-key go together', USAGE);
  let tls: { cert: Buffer; key: Buffer } | undefined;
  try {
    tls = certFile && keyFile ? { cert: readFileSync(certFile), key: readFileSync(keyFile) } : undefined;
  } catch (err) {
    console.error(`crm-gateway: cannot read the TLS certificate or key (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    return 1;
  }
  const raw = parsed.values.port;
  const port = raw === '0' ? 0 : parsePositiveInt(raw, '--port', DEFAULT_PORT, 65535);
  if (typeof port === 'string') return usageError(port, USAGE);

  const logger = pino({ level: 'info' }, pino.destination(2));
  let store: EmbeddedStore;
  try {
    store = await startEmbeddedStore({ port, logger, ...(tls ? { tls } : {}) });
  } catch (err) {
    logger.error({ err }, `cannot start the embedded store on port ${port}`);
    return 1;
  }
  console.log(store.uri);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  logger.info({ signal }, 'stopping the embedded store');
  await store.close();
  return EXIT_OK;
}
