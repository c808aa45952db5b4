// What the numbers were measured on: the machine, Node, and the versions of the packages that do
// the work, read from node_modules (what actually ran, not what package.json asks for).
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const REPORTED_PACKAGES = [
  '@apollo/server',
  'graphql',
  'graphql-jit',
  'mercurius',
  'fastify',
  'graphql-yoga',
  '@graphql-tools/schema',
  'graphql-shield',
  'graphql-middleware',
  'dataloader',
  'mongodb',
  'bson',
  'mingo',
  'jose',
  'autocannon',
  'tsx',
] as const;

export interface MachineInfo {
  readonly os: string;
  readonly cpuModel: string;
  readonly cpus: number;
  readonly totalMemGiB: number;
  readonly node: string;
  readonly v8: string;
  readonly packages: Record<string, string>;
  readonly gitCommit: string | null;
}

export function packageVersion(name: string): string {
  try {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'not installed';
  }
}

export function machineInfo(gitCommit: string | null): MachineInfo {
  const cpus = os.cpus();
  return {
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cpus: cpus.length,
    totalMemGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    v8: process.versions.v8,
    packages: Object.fromEntries(REPORTED_PACKAGES.map((name) => [name, packageVersion(name)])),
    gitCommit,
  };
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); NaN elsewhere. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

/** USER_HZ: 100 on every Linux architecture Node supports. */
const CLOCK_TICKS_PER_SECOND = 100;
