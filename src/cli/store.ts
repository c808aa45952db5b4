// `crm-gateway store [--port N]`: the embedded MongoDB-compatible store on loopback, until
// interrupted. Prints only the connection string on stdout, so scripts can capture it.
import pino from 'pino';
import { startEmbeddedStore, type EmbeddedStore } from '../embedded/index';
import { EXIT_OK, parseFlags, parsePositiveInt, usageError } from './command';

const DEFAULT_PORT = 27017;

const USAGE = `usage: crm-gateway store [--port N]

Runs the embedded, MongoDB-wire-compatible in-memory store on 127.0.0.1 until interrupted
(Ctrl-C), and prints its connection string. Data lives in memory only.

options:
  --port N   TCP port to listen on (default ${DEFAULT_PORT}; 0 picks a free port)
  --help     show this help`;

export async function run(argv: string[]): Promise<number> {
  const parsed = parseFlags(argv, { port: { type: 'string' } }, USAGE);
  if ('exitCode' in parsed) return parsed.exitCode;
  const raw = parsed.values.port;
  const port = raw === '0' ? 0 : parsePositiveInt(raw, '--port', DEFAULT_PORT, 65535);
  if (typeof port === 'string') return usageError(port, USAGE);

  const logger = pino({ level: 'info' }, pino.destination(2));
  let store: EmbeddedStore;
  try {
    store = await startEmbeddedStore({ port, logger });
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
