// Why the driver could not reach MongoDB, in one line for start-up errors: a certificate the
// client does not trust is named as such (with the TLS error code), not left as a generic
// server-selection timeout. Messages name URI options, never the URI (it may hold credentials).

const CERT_CODE = /CERT|SELF_SIGNED|UNABLE_TO_(VERIFY|GET)|ALTNAME|TLS|SSL/;

function causes(err: unknown, out: unknown[] = [], depth = 0): unknown[] {
  if (err === null || typeof err !== 'object' || depth > 6 || out.includes(err)) return out;
  out.push(err);
  const e = err as { cause?: unknown; reason?: { servers?: Map<string, { error?: unknown }> } };
  causes(e.cause, out, depth + 1);
  for (const server of e.reason?.servers?.values() ?? []) causes(server.error, out, depth + 1);
  return out;
}

/** A TLS certificate problem behind a connection failure, as its error code; null when there is none. */
export function tlsFailureCode(err: unknown): string | null {
  for (const e of causes(err)) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && CERT_CODE.test(code)) return code;
  }
  return null;
}

export function describeConnectionError(err: unknown): string {
  const code = tlsFailureCode(err);
  if (code) return `TLS handshake with MongoDB failed (${code}): its certificate is not trusted by tlsCAFile (or the system CAs) or does not name the host`;
  const e = err as Error;
  if (e?.name === 'MongoServerSelectionError') return 'MongoServerSelectionError (MongoDB not reachable)';
  return `${e?.name ?? 'Error'}: ${e?.message ?? String(err)}`;
}
