// Where the dev gateway's embedded store listens. `npm start` writes it; `crm-gateway token`
// reads it to reach the same database without MONGODB_URI.
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

export interface DevStoreInfo {
  readonly uri: string;
  readonly db: string;
  /** The gateway process; a file left by a process that is gone is ignored. */
  readonly pid?: number;
}

const InfoSchema = z.object({
  uri: z.string().regex(/^mongodb:\/\//),
  db: z.string().regex(/^[A-Za-z0-9_-]{1,63}$/),
  pid: z.number().int().positive().optional(),
});

export function devStoreInfoPath(localDir: string): string {
  return join(localDir, 'dev-store.json');
}

/** Null when there is no file, it is not valid, or the process that wrote it is gone. */
export async function readDevStoreInfo(localDir: string): Promise<DevStoreInfo | null> {
  let text: string;
  try {
    text = await readFile(devStoreInfoPath(localDir), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = InfoSchema.safeParse(json);
  if (!parsed.success) return null;
  if (parsed.data.pid !== undefined && !processAlive(parsed.data.pid)) return null;
  return parsed.data;
}

export async function writeDevStoreInfo(localDir: string, info: DevStoreInfo): Promise<void> {
  const valid = InfoSchema.parse(info);
  await mkdir(localDir, { recursive: true });
  const file = devStoreInfoPath(localDir);
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(valid, null, 2)}\n`);
  await rename(tmp, file);
}

/** For the dev gateway's shutdown. */
export async function removeDevStoreInfo(localDir: string): Promise<void> {
  await rm(devStoreInfoPath(localDir), { force: true });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
