// The trusted-documents step, after authentication and before the limits: which documents a
// request may run. `TRUSTED_DOCUMENTS=off` runs any document (automatic persisted queries on);
// `allow` also resolves manifest hashes and ids; `require` runs only manifest documents
// (persisted queries off). BI tokens are held to the manifest in every mode — with no manifest,
// they run nothing: a BI tool is a known set of reports, not an explorer.
//
// A request names a document by `documentId` (GraphQL over HTTP persisted documents; an optional
// `sha256:` prefix) or `extensions.persistedQuery.sha256Hash` (Apollo Client), or sends its text.
// A listed document reaches Apollo as its manifest text, never the client's copy.
import { GraphQLError } from 'graphql';
import type { Principal } from '../auth/principal';
import { gatewayError } from '../errors';
import type { Manifest } from './manifest';

export type TrustedDocumentsMode = 'off' | 'allow' | 'require';

export interface TrustedDocuments {
  /** The request as Apollo should see it (body, and for GET the query string), or the refusal. */
  resolve(principal: Principal, method: string, body: unknown, params: URLSearchParams): Resolution;
}

type Item = Record<string, unknown>;
type Resolution = { body: unknown; search?: string } | { error: GraphQLError };

export function createTrustedDocuments(mode: TrustedDocumentsMode, manifest: Manifest | null): TrustedDocuments {
  const notTrusted = () => gatewayError('DOCUMENT_NOT_TRUSTED');

  /** One request (a POST body, an entry of a batch, or GET's parameters as an object). */
  const resolveItem = (item: Item, held: boolean): Item | GraphQLError => {
    const extensions = isRecord(item.extensions) ? item.extensions : undefined;
    const persisted = extensions && isRecord(extensions.persistedQuery) ? extensions.persistedQuery : undefined;
    const id = typeof item.documentId === 'string' ? item.documentId : typeof persisted?.sha256Hash === 'string' ? persisted.sha256Hash : undefined;
    if (id !== undefined && (mode !== 'off' || held)) {
      const listed = manifest?.get(id);
      if (listed === undefined) {
        if (held) return notTrusted();
        if (typeof item.documentId === 'string') return gatewayError('PERSISTED_QUERY_NOT_FOUND');
        return item; // allow mode: Apollo's persisted-query cache may know it
      }
      const { documentId: _id, ...rest } = item;
      const { persistedQuery: _pq, ...otherExtensions } = extensions ?? {};
      return { ...rest, query: listed, ...(extensions ? { extensions: otherExtensions } : {}) };
    }
    if (!held) return item;
    if (typeof item.query === 'string' && manifest?.hasText(item.query) && persisted === undefined) return item;
    return notTrusted();
  };

  return {
    resolve(principal, method, body, params): Resolution {
      const held = mode === 'require' || principal.kind === 'bi';
      if (!held && (mode === 'off' || manifest === null)) return { body };
      if (method === 'GET') {
        const item: Item = {};
        for (const key of ['query', 'operationName', 'documentId']) if (params.has(key)) item[key] = params.get(key);
        if (params.has('extensions')) item.extensions = parseJson(params.get('extensions'));
        const resolved = resolveItem(item, held);
        if (resolved instanceof GraphQLError) return { error: resolved };
        const search = new URLSearchParams(params);
        search.delete('documentId');
        if (typeof resolved.query === 'string') search.set('query', resolved.query);
        if (isRecord(resolved.extensions)) search.set('extensions', JSON.stringify(resolved.extensions));
        return { body, search: `?${search.toString()}` };
      }
      if (Array.isArray(body)) {
        const items: unknown[] = [];
        for (const entry of body) {
          const resolved = isRecord(entry) ? resolveItem(entry, held) : held ? notTrusted() : entry;
          if (resolved instanceof GraphQLError) return { error: resolved };
          items.push(resolved);
        }
        return { body: items };
      }
      if (!isRecord(body)) return held ? { error: notTrusted() } : { body };
      const resolved = resolveItem(body, held);
      return resolved instanceof GraphQLError ? { error: resolved } : { body: resolved };
    },
  };
}

function isRecord(value: unknown): value is Item {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function parseJson(text: string | null): unknown {
  try {
    return text === null ? undefined : JSON.parse(text);
  } catch {
    return text;
  }
}
