// Content negotiation for what the gateway answers itself, decided exactly as Apollo Server
// decides it for what it answers (same library, same candidates), so a client that asked for
// `application/graphql-response+json` gets it from every error, wherever it was made.
import Negotiator from 'negotiator';

const JSON_TYPE = 'application/json; charset=utf-8';
const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json; charset=utf-8';
const CANDIDATES = [JSON_TYPE, GRAPHQL_RESPONSE_JSON, 'application/json; callbackSpec=1.0; charset=utf-8'];

/** The content type of an error body for this `accept` header; JSON when it allows nothing we write. */
export function errorContentType(accept: string | undefined): string {
  if (!accept) return JSON_TYPE;
  return new Negotiator({ headers: { accept } }).mediaType(CANDIDATES) ?? JSON_TYPE;
}

/** A browser navigating to the endpoint (Apollo's own test for serving the landing page). */
export function prefersHtml(method: string | undefined, accept: string | undefined): boolean {
  if (method !== 'GET' || !accept) return false;
  const preferred = new Negotiator({ headers: { accept } }).mediaType([
    'application/json',
    'application/graphql-response+json',
    'multipart/mixed; deferSpec=20220824',
    'multipart/mixed; incrementalSpec=v0.2',
    'multipart/mixed',
    'text/html',
  ]);
  return preferred === 'text/html';
}
