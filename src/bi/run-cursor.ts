// The BI endpoint's `?cursor=`: opaque, encrypted and authenticated (the gateway's cursor codec)
// and bound to the token, the report version and the parameters' hash, so a cursor is useless to
// another token, another report or other parameters. It wraps the operation's own page cursor.
import type { Principal } from '../auth/principal';
import type { CursorCodec } from '../data/cursor';
import type { Report } from './report';

function binding(principal: Principal, report: Report, paramsHash: string): string {
  return `bi-report|${principal.kind}|${principal.jti ?? principal.subject}|${report.id}@${report.version}|${paramsHash}`;
}

export function encodeRunCursor(codec: CursorCodec, principal: Principal, report: Report, paramsHash: string, after: string): string {
  return codec.encode({ values: [after] }, binding(principal, report, paramsHash));
}

/** The operation cursor to continue after; null when the cursor is not one made for this run. */
export function decodeRunCursor(codec: CursorCodec, principal: Principal, report: Report, paramsHash: string, cursor: string): string | null {
  const position = codec.decode(cursor, binding(principal, report, paramsHash));
  const after = position?.values[0];
  return position && position.values.length === 1 && typeof after === 'string' ? after : null;
}
