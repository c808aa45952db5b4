// The trusted-document manifest: the JSON object GraphQL Code Generator's client preset writes
// for persisted documents (`persisted-documents.json`: SHA-256 hex of the document → document).
// Read and checked once at start-up; a key that is not the SHA-256 of its document stops
// start-up, since a client computing the hash would never reach that entry (or would reach
// another document than the one reviewed).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

export interface Manifest {
  /** The document listed under this hash (`sha256:` prefix accepted), or undefined. */
  get(hash: string): string | undefined;
  /** Whether this exact document text is listed. */
  hasText(query: string): boolean;
  readonly size: number;
  entries(): IterableIterator<[string, string]>;
}

export class ManifestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ManifestError';
  }
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function loadManifest(file: string): Manifest {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ManifestError(`${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ManifestError(`${file}: is not valid JSON`);
  }
  return parseManifest(json, file);
}

export function parseManifest(json: unknown, name = 'manifest'): Manifest {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new ManifestError(`${name}: must be a JSON object of SHA-256 hash → document`);
  const byHash = new Map<string, string>();
  for (const [key, value] of Object.entries(json)) {
    if (typeof value !== 'string' || value.trim() === '') throw new ManifestError(`${name}: entry ${key} must be a non-empty document string`);
    const hash = key.startsWith('sha256:') ? key.slice('sha256:'.length) : key;
    if (!SHA256_HEX.test(hash)) throw new ManifestError(`${name}: key ${key} is not a SHA-256 hex digest`);
    if (sha256Hex(value) !== hash) throw new ManifestError(`${name}: key ${key} is not the SHA-256 of its document`);
    byHash.set(hash, value);
  }
  return {
    get: (hash) => byHash.get(hash.startsWith('sha256:') ? hash.slice('sha256:'.length) : hash),
    hasText: (query) => byHash.get(sha256Hex(query)) === query,
    size: byHash.size,
    entries: () => byHash.entries(),
  };
}
