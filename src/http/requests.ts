// What a GraphQL request over HTTP carries, read without interpreting it: its headers for Apollo,
// the documents the limits step measures, and a persisted-document reference (BI tokens).
import { HeaderMap } from '@apollo/server';
import type { IncomingHttpHeaders } from 'node:http';
import type { GateRequest } from '../limits/document-gate';

/** Node's headers as Apollo's HeaderMap (repeated headers joined, as HTTP allows). */
export function headerMap(incoming: IncomingHttpHeaders): HeaderMap {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(incoming)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

/** A persisted-document request (`documentId`, no `query`), as BI tokens send it; null otherwise. */
export function reportRequest(body: unknown, url: URL): { documentId: string; variables: unknown } | null {
  if (url.searchParams.has('query')) return null;
  const getId = url.searchParams.get('documentId');
  if (getId !== null) {
    let variables: unknown;
    try {
      variables = JSON.parse(url.searchParams.get('variables') ?? 'null');
    } catch {
      return null;
    }
    return { documentId: getId, variables };
  }
  const item = body as { documentId?: unknown; query?: unknown; variables?: unknown } | null;
  if (item === null || typeof item !== 'object' || Array.isArray(item) || item.query !== undefined || typeof item.documentId !== 'string') return null;
  return { documentId: item.documentId, variables: item.variables };
}

/** The GraphQL documents a request carries: a POST body's (or each of a batch's), or GET's. */
export function gateRequests(body: unknown, params: URLSearchParams): GateRequest[] {
  const requests: GateRequest[] = [];
  const getQuery = params.get('query');
  if (getQuery !== null) {
    let variables: unknown = null;
    try {
      const raw = params.get('variables');
      variables = raw ? JSON.parse(raw) : null;
    } catch {
      // Apollo answers malformed variables itself; the cost is then measured with defaults.
    }
    requests.push({ query: getQuery, operationName: params.get('operationName'), variables: isRecord(variables) ? variables : null });
  }
  for (const item of Array.isArray(body) ? body : [body]) {
    if (!isRecord(item) || typeof item.query !== 'string') continue;
    requests.push({
      query: item.query,
      operationName: typeof item.operationName === 'string' ? item.operationName : null,
      variables: isRecord(item.variables) ? item.variables : null,
    });
  }
  return requests;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
