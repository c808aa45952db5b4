// CORS for browser apps on other origins. An allow-list of exact origins (CORS_ORIGINS, none by
// default; dev mode adds loopback origins on any port). Tokens travel in the Authorization header,
// never in cookies, so credentials are never allowed: a page can only send what its own script
// holds. Refusing a preflight is all the protection CORS gives; an actual request from an origin
// not on the list is still answered, without CORS headers, so the browser hides the answer from
// the page (and without a token, which only a preflighted request can carry, it is refused anyway).

/** What browser clients send: Apollo Client, urql, graphql-request, Sandbox, and request tracing. */
export const CORS_ALLOWED_HEADERS = ['authorization', 'content-type', 'accept', 'apollo-require-preflight', 'x-apollo-operation-name', 'x-request-id'] as const;
/** What a page's script may read besides the safelisted headers. */
export const CORS_EXPOSED_HEADERS = ['x-request-id', 'retry-after', 'www-authenticate'] as const;
/** How long a browser may reuse a preflight answer (Chromium caps it at 2 hours). */
export const CORS_MAX_AGE_SECONDS = 600;
const CORS_METHODS = ['GET', 'POST'] as const;

const LOOPBACK_ORIGIN = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/;

export interface CorsOptions {
  /** Exact origins (`https://crm.example.com`), compared as strings. */
  readonly origins: readonly string[];
  /** Dev mode: any `http://localhost:*`, `http://127.0.0.1:*` or `http://[::1]:*` page. */
  readonly allowLoopback: boolean;
}

export type PreflightAnswer = { readonly allowed: true; readonly headers: Record<string, string> } | { readonly allowed: false };

export interface Cors {
  /** Headers for an actual (non-preflight) response to a request with this `Origin`. */
  responseHeaders(origin: string | undefined): Record<string, string>;
  /** The answer to `OPTIONS` with `Access-Control-Request-Method` (and maybe `-Headers`). */
  preflight(origin: string | undefined, method: string, requestHeaders: string | undefined): PreflightAnswer;
}

export function createCors(options: CorsOptions): Cors {
  const listed = new Set(options.origins);
  const isAllowed = (origin: string | undefined): origin is string => origin !== undefined && (listed.has(origin) || (options.allowLoopback && LOOPBACK_ORIGIN.test(origin)));
  const allowedHeaders = new Set<string>(CORS_ALLOWED_HEADERS);

  return {
    responseHeaders(origin): Record<string, string> {
      // Vary on every response: a shared cache must not serve one origin's answer to another.
      if (!isAllowed(origin)) return { vary: 'Origin' };
      return { vary: 'Origin', 'access-control-allow-origin': origin, 'access-control-expose-headers': CORS_EXPOSED_HEADERS.join(', ') };
    },
    preflight(origin, method, requestHeaders) {
      if (!isAllowed(origin) || !(CORS_METHODS as readonly string[]).includes(method.toUpperCase())) return { allowed: false };
      const asked = (requestHeaders ?? '')
        .split(',')
        .map((h) => h.trim().toLowerCase())
        .filter(Boolean);
      if (!asked.every((h) => allowedHeaders.has(h))) return { allowed: false };
      return {
        allowed: true,
        headers: {
          vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
          'access-control-allow-origin': origin,
          'access-control-allow-methods': CORS_METHODS.join(', '),
          'access-control-allow-headers': CORS_ALLOWED_HEADERS.join(', '),
          'access-control-max-age': String(CORS_MAX_AGE_SECONDS),
        },
      };
    },
  };
}
