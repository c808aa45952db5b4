// For the audit benchmarks: a MongoDB to run against — MONGODB_URI when set (a real server), else
// the embedded store in a child process of its own (`crm-gateway store --port 0`), so the store's
// work does not share the benchmark's event loop.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('..', import.meta.url));

export interface BenchStore {
  readonly uri: string;
  readonly embedded: boolean;
  close(): Promise<void>;
}

export async function startBenchStore(heapMb = 4096): Promise<BenchStore> {
  if (process.env.MONGODB_URI) return { uri: process.env.MONGODB_URI, embedded: false, close: async () => undefined };
  const child: ChildProcess = spawn(process.execPath, [`--max-old-space-size=${heapMb}`, 'bin/crm-gateway.mjs', 'store', '--port', '0'], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const uri = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve(line.trim()));
    child.once('exit', (code) => reject(new Error(`embedded store exited with ${code}`)));
  });
  return {
    uri,
    embedded: true,
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
