// Trusted-document manifests for tests, in the format GraphQL Code Generator's client preset
// writes (`persisted-documents.json`: SHA-256 hex of the document → document).
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Writes a manifest of these documents to a fresh temporary file and returns its path. */
export function writeManifest(documents: readonly string[]): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'crm-docs-')), 'persisted-documents.json');
  writeFileSync(file, JSON.stringify(Object.fromEntries(documents.map((d) => [sha256(d), d])), null, 2));
  return file;
}
