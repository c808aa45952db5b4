// Docker cannot run here, so this proves what can be proven without it: the secrets the deploy
// guide's script generates, mounted where compose.yaml says, plus the environment each gateway
// service declares (on top of the image's ENV), pass the gateway's own `config check`; no secret
// is written as a literal; and the Dockerfile, load balancer, Prometheus and replica-set files
// agree with the services compose.yaml declares.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = path.resolve(import.meta.dirname, '../..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

interface Service {
  build?: unknown;
  image?: string;
  environment?: Record<string, string | number>;
  secrets?: string[];
  command?: string[];
  profiles?: string[];
}
const compose = parse(read('compose.yaml'), { merge: true }) as { services: Record<string, Service>; secrets: Record<string, { file: string }> };
const services = Object.entries(compose.services);
const gatewayImage = services.find(([, s]) => s.build !== undefined)?.[1].image;
/** Services that run the gateway image: the gateway instances and the operator CLI. */
const gatewayServices = services.filter(([, s]) => s.build !== undefined || (gatewayImage !== undefined && s.image === gatewayImage));
const instances = gatewayServices.filter(([, s]) => !s.profiles?.includes('tools'));

/** ENV of the Dockerfile's last stage: what every container of the image starts with. */
function imageEnv(): Record<string, string> {
  const lastStage =
    read('Dockerfile')
      .split(/^FROM /m)
      .at(-1) ?? '';
  const env: Record<string, string> = {};
  for (const [, body] of lastStage.replace(/\\\n/g, ' ').matchAll(/^ENV\s+(.+)$/gm)) {
    for (const [, key, value] of body!.matchAll(/(\w+)=(\S+)/g)) env[key!] = value!;
  }
  return env;
}

const SECRET_VARIABLES = ['MONGODB_URI', 'JWT_SECRET', 'JWT_PUBLIC_KEY', 'JWT_PRIVATE_KEY', 'PSEUDONYM_KEY', 'AUDIT_SIGNING_KEY'];
let secretsDir: string;

beforeAll(() => {
  secretsDir = mkdtempSync(path.join(tmpdir(), 'compose-secrets-'));
  const generated = spawnSync('sh', [path.join(ROOT, 'deploy/generate-secrets.sh'), secretsDir], { encoding: 'utf8' });
  expect(generated.stderr).not.toMatch(/error|not found/i);
  expect(generated.status).toBe(0);
});

/** The service's environment as the container sees it, with /run/secrets/NAME pointing at the generated file. */
function containerEnv(service: Service): Record<string, string> {
  const env: Record<string, string> = { ...imageEnv() };
  for (const [key, value] of Object.entries(service.environment ?? {})) {
    const secret = /^\/run\/secrets\/(\w+)$/.exec(String(value))?.[1];
    if (secret) {
      expect(service.secrets, `${key} names secret ${secret}, which the service does not mount`).toContain(secret);
      env[key] = path.join(secretsDir, path.basename(compose.secrets[secret]!.file));
    } else {
      env[key] = String(value);
    }
  }
  return env;
}

function configCheck(env: Record<string, string>) {
  return spawnSync(process.execPath, [path.join(ROOT, 'bin/crm-gateway.mjs'), 'config', 'check'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', CRM_GATEWAY_SOURCES: '1', ...env },
  });
}

describe('compose.yaml', () => {
  it('runs two gateway instances and an operator CLI from the image it builds', () => {
    expect(instances.map(([name]) => name)).toEqual(['gateway1', 'gateway2']);
    expect(gatewayServices.map(([name]) => name)).toContain('cli');
  });

  it.each(gatewayServices.map(([name, service]) => [name, service] as const))('%s: its environment passes `crm-gateway config check` in production mode', (_name, service) => {
    const res = configCheck(containerEnv(service));
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
    const { config } = JSON.parse(res.stdout);
    expect(config).toMatchObject({ mode: 'production', nodeEnv: 'production', http: { host: '0.0.0.0', port: 4000 }, audit: { mode: 'sync' } });
    expect(config.mongo.uri).toMatch(/^mongodb:\/\/crm_(gateway|cli):\*\*\*@mongo1:27017,mongo2:27017,mongo3:27017\/crm\?replicaSet=rs0&/);
    if (!service.profiles?.includes('tools')) expect(config.tracing).toEqual({ endpoint: 'http://otel-collector:4318/v1/traces', serviceName: 'crm-gateway' });
    // Nothing secret is printed.
    for (const file of ['pseudonym_key', 'gateway_mongodb_uri', 'cli_mongodb_uri']) {
      const secret = readFileSync(path.join(secretsDir, file), 'utf8').trim();
      expect(res.stdout).not.toContain(file.endsWith('uri') ? /^mongodb:\/\/[^:]+:([^@]+)@/.exec(secret)![1] : secret);
    }
    expect(res.stdout).not.toContain('PRIVATE KEY');
  });

  it('gives each gateway instance its own audit chain', () => {
    const ids = instances.map(([, s]) => s.environment?.AUDIT_INSTANCE_ID);
    expect(new Set(ids).size).toBe(instances.length);
  });

  it('passes secrets only as files: no service sets a secret variable directly, every mounted secret is declared', () => {
    for (const [name, service] of services) {
      for (const variable of SECRET_VARIABLES) expect(service.environment?.[variable], `${name} sets ${variable} as a literal`).toBeUndefined();
      for (const secret of service.secrets ?? []) expect(compose.secrets[secret]?.file, `${name} mounts undeclared secret ${secret}`).toMatch(/^\.\/secrets\//);
    }
  });

  it('declares a three-member replica set that the init job, the load balancer and Prometheus agree with', () => {
    const members = services.filter(([, s]) => s.command?.includes('--replSet')).map(([name]) => name);
    expect(members).toEqual(['mongo1', 'mongo2', 'mongo3']);
    const init = read('deploy/mongo/init-replica-set.js');
    for (const m of members) expect(init).toContain(`host: '${m}:27017'`);
    const nginx = read('deploy/nginx.conf');
    const prometheus = parse(read('deploy/prometheus.yml')) as { scrape_configs: { metrics_path: string; static_configs: { targets: string[] }[] }[] };
    expect(prometheus.scrape_configs[0]!.metrics_path).toBe('/metrics');
    expect(prometheus.scrape_configs[0]!.static_configs[0]!.targets).toEqual(instances.map(([name]) => `${name}:4000`));
    for (const [name] of instances) {
      expect(nginx).toContain(`server ${name}:4000`);
    }
    expect(compose.services['mongo-init']).toMatchObject({ network_mode: 'service:mongo1' });
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const stages = dockerfile.split(/^FROM /m).slice(1);
  const runtime = stages.at(-1) ?? '';

  it('is multi-stage, runs on a slim Node 20 image as a non-root user, listening on all interfaces', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:20[\d.]*-\w+-slim$/m);
    expect(runtime).toMatch(/^USER node$/m);
    expect(imageEnv()).toMatchObject({ HOST: '0.0.0.0', NODE_ENV: 'production' });
  });

  it('checks health on /readyz and starts the bundle, not the sources', () => {
    expect(runtime).toMatch(/^HEALTHCHECK .*\n?.*\/readyz/m);
    expect(runtime).toContain('COPY --from=build /app/dist ./dist');
    expect(runtime).not.toMatch(/COPY (src|resolvers|test|bench|\.local)\b/);
  });

  it('ships no development dependencies and sends no local state to the build', () => {
    const depsStage = stages.find((s) => runtime.includes(`--from=${s.split(/\s/)[2]} /app/node_modules`)) ?? '';
    expect(depsStage).toContain('npm ci --omit=dev');
    const ignore = read('.dockerignore').split('\n');
    expect(ignore[ignore.findIndex((l) => !l.startsWith('#'))]).toBe('**');
    for (const kept of ignore.filter((l) => l.startsWith('!'))) expect(kept).not.toMatch(/\.local|secrets|test|bench|dist/);
  });
});
