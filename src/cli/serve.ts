// `crm-gateway serve` (what `npm start` runs). With no MONGODB_URI it starts the embedded store,
// seeds the demo data set and prints one token per demo role; otherwise it serves the configured
// database. Stops gracefully on SIGINT/SIGTERM.
import { MongoClient } from 'mongodb';
import pino from 'pino';
import { writeDevStoreInfo } from '../auth/dev-store-info';
import { loadSigner } from '../auth/signer';
import { ConfigError, loadConfig, type Config } from '../config/env';
import { ManifestError } from '../documents/manifest';
import { describeConnectionError } from '../data/connection-errors';
import { DEMO_USERS, seedDatabase } from '../data/seed';
import { startEmbeddedStore, type EmbeddedStore } from '../embedded';
import { startGateway } from '../http/gateway';
import { PolicyError } from '../policy/compile';
import { createTracing } from '../telemetry/tracing';
import { EXIT_FAILURE, EXIT_OK, parseFlags } from './command';

const USAGE = `usage: crm-gateway serve

Starts the gateway. Configuration comes from environment variables (PORT, HOST, MONGODB_URI,
MONGODB_DB, POLICY_FILE, JWT_*, AUDIT_MODE, PSEUDONYM_KEY; see README). Without MONGODB_URI
and keys it runs in dev mode on the embedded store with demo data and prints demo tokens.`;

const DEMO_CUSTOMERS = 200;
const DEMO_TOKEN_TTL_MS = 12 * 3_600_000;

export async function run(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, {}, USAGE);
  if ('exitCode' in flags) return flags.exitCode;

  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`crm-gateway: ${err.message}`);
      return EXIT_FAILURE;
    }
    throw err;
  }
  const logger = pino({ level: config.logLevel, base: { service: 'crm-gateway' } });
  // A promise some library leaves rejected and unobserved (graphql-jit's runtime did, on a stack
  // overflow) must not end the process for every other request: log its class, never its message.
  process.on('unhandledRejection', (reason) => {
    logger.error({ errorClass: reason instanceof Error ? reason.name : typeof reason }, 'unhandled promise rejection');
  });
  // Listen for the stop signal from the start, so a signal during start-up also shuts down cleanly.
  const stopRequested = new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });

  let store: EmbeddedStore | null = null;
  let uri: string;
  if (config.mongo.uri === null) {
    store = await startEmbeddedStore({ logger: logger.child({ component: 'embedded-store' }) });
    uri = store.uri;
  } else {
    uri = config.mongo.uri;
  }
  // No OTEL_EXPORTER_OTLP_ENDPOINT: no tracing, and the OpenTelemetry SDK is never imported.
  const tracing = await createTracing(config.tracing);
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5_000, appName: 'crm-gateway', monitorCommands: tracing.enabled });
  tracing.monitorMongo(client);
  const shutdownTasks: (() => Promise<unknown>)[] = [() => tracing.shutdown()];
  try {
    await client.connect();
    shutdownTasks.push(() => client.close());
    if (store) shutdownTasks.push(() => store!.close());
    const db = client.db(config.mongo.db);
    if (store) await seedDatabase(db, { customers: DEMO_CUSTOMERS });
    const demoTokens = config.mode === 'dev' ? await issueDemoTokens(config) : null;
    const adminToken = demoTokens?.find((t) => t.name === 'admin')?.jwt;
    const gateway = await startGateway({ config, db, logger, tracing, ...(adminToken ? { sandboxHeaders: { Authorization: `Bearer ${adminToken}` } } : {}) });
    shutdownTasks.unshift(() => gateway.close());
    // Only once this process listens: a second `npm start` that fails (port busy) must not point
    // the CLI at its own store, which dies with it, instead of the running gateway's.
    if (store) await writeDevStoreInfo(config.localDir, { uri, db: config.mongo.db, pid: process.pid });
    logger.info({ url: gateway.url, mode: config.mode, policyVersion: gateway.policy.version }, 'gateway listening');
    // Certificate renewal without a restart: `kill -HUP <pid>` re-reads TLS_CERT_FILE / TLS_KEY_FILE.
    process.on('SIGHUP', () => gateway.reloadTls());
    if (demoTokens) printDevBanner(config, gateway.url, uri, demoTokens);
  } catch (err) {
    await runAll(shutdownTasks);
    if (err instanceof PolicyError || err instanceof ManifestError || err instanceof ConfigError) {
      console.error(`crm-gateway: ${err.message}`);
      return EXIT_FAILURE;
    }
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      console.error(`crm-gateway: PORT: ${config.http.host}:${config.http.port} is already in use (is another crm-gateway running? set PORT to another port)`);
      return EXIT_FAILURE;
    }
    console.error(`crm-gateway: start-up failed: ${describeConnectionError(err)}`);
    return EXIT_FAILURE;
  }

  await stopRequested;
  logger.info({ graceMs: config.http.shutdownGraceMs }, 'shutting down');
  // Whatever still runs at the end of the grace period (a request that never ends, a store that
  // no longer answers the final ledger flush) does not keep the process: it exits, and says so.
  setTimeout(() => {
    logger.error('shutdown did not complete within SHUTDOWN_GRACE; exiting');
    process.exit(EXIT_FAILURE);
  }, config.http.shutdownGraceMs).unref();
  await runAll(shutdownTasks);
  return EXIT_OK;
}

async function runAll(tasks: (() => Promise<unknown>)[]): Promise<void> {
  for (const task of tasks) await task().catch(() => undefined);
}

interface DemoToken {
  readonly name: string;
  readonly sub: string;
  readonly jwt: string;
}

async function issueDemoTokens(config: Config): Promise<DemoToken[]> {
  // The verifier warns about the development key when the gateway starts; once is enough.
  const signer = await loadSigner(config, { warnDevKey: false });
  if (!signer) return [];
  const tokens: DemoToken[] = [];
  for (const [name, user] of Object.entries(DEMO_USERS)) {
    const { jwt } = await signer.issue({ sub: user.sub, role: user.role, ...(user.teamId ? { team: user.teamId } : {}), ttlMs: DEMO_TOKEN_TTL_MS });
    tokens.push({ name, sub: user.sub, jwt });
  }
  return tokens;
}

function printDevBanner(config: Config, url: string, storeUri: string, tokens: readonly DemoToken[]): void {
  const lines = [
    '',
    '================================================================================',
    ' crm-gateway DEV MODE: embedded in-memory store with synthetic demo data, and a',
    ` DEVELOPMENT signing key under ${config.localDir}/dev-keys (never use in production)`,
    '================================================================================',
    ` GraphQL endpoint : ${url}`,
    ` Apollo Sandbox   : ${url} (open in a browser; it is signed in with the admin token)`,
    ` Embedded store   : ${storeUri}`,
    '',
    ' Demo tokens (valid 12 h):',
  ];
  for (const { name, sub, jwt } of tokens) lines.push(`  ${name.padEnd(8)} (${sub})`, `    ${jwt}`);
  lines.push('', ' Try:', `  curl -s ${url} -H 'content-type: application/json' \\`, `    -H "authorization: Bearer $TOKEN" -d '{"query":"{ me { subject role } }"}'`, '');
  console.log(lines.join('\n'));
}
