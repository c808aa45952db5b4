// `npm run bench:startup`: start-up time and memory of `crm-gateway serve` (dev mode: embedded
// store, 200 demo customers) from the sources through tsx (warm cache, and cold with tsx's cache
// off) and from the built bundle (dist/, run `npm run build` first). Runs are interleaved and the
// report quotes medians: time from spawn to the "gateway listening" log line, and the process's
// resident memory (VmRSS) at that moment.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const rounds = Number(process.argv[2] ?? 7);

interface Variant {
  readonly name: string;
  readonly env: Record<string, string>;
}
const VARIANTS: Variant[] = [
  { name: 'sources (tsx, warm cache)', env: { CRM_GATEWAY_SOURCES: '1' } },
  { name: 'sources (tsx, cache off)', env: { CRM_GATEWAY_SOURCES: '1', TSX_DISABLE_CACHE: '1' } },
  ...(existsSync(path.join(ROOT, 'dist/cli/main.mjs')) ? [{ name: 'dist (npm run build)', env: { CRM_GATEWAY_SOURCES: '0' } }] : []),
];

function startOnce(variant: Variant): Promise<{ ms: number; rssMb: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['bin/crm-gateway.mjs', 'serve'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', PORT: '0', LOG_LEVEL: 'info', LOCAL_DIR: mkdtempSync(path.join(tmpdir(), 'crm-gw-start-')), ...variant.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let listening: { ms: number; rssMb: number } | null = null;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (!out.includes('"gateway listening"')) return;
      const ms = performance.now() - started;
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
      out = '';
      listening = { ms, rssMb: rssKb / 1024 };
      child.kill('SIGTERM');
    });
    child.once('error', reject);
    child.once('exit', (code) => (listening ? resolve(listening) : reject(new Error(`${variant.name}: exited with ${code} before listening`))));
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const results = new Map<string, { ms: number[]; rss: number[] }>(VARIANTS.map((v) => [v.name, { ms: [], rss: [] }]));
for (let round = 0; round < rounds; round++) {
  for (const variant of VARIANTS) {
    const { ms, rssMb } = await startOnce(variant);
    results.get(variant.name)?.ms.push(ms);
    results.get(variant.name)?.rss.push(rssMb);
  }
}
console.log(`crm-gateway serve, dev mode, ${rounds} interleaved rounds, medians (Node ${process.version})`);
console.log('| how it runs | start to listening | RSS at listening |\n|---|---|---|');
for (const [name, r] of results) console.log(`| ${name} | ${median(r.ms).toFixed(0)} ms | ${median(r.rss).toFixed(0)} MB |`);
