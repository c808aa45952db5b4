// Which driver errors mean "the store cannot be reached right now" rather than "this request is
// wrong" or "the gateway has a bug": no server could be selected, the connection broke or timed
// out, or the client is closed. Clients get STORE_UNAVAILABLE (503, retry later) for these, and
// INTERNAL for anything else.
import { MongoNetworkError, MongoNotConnectedError, MongoServerClosedError, MongoServerSelectionError, MongoTopologyClosedError } from 'mongodb';

/**
 * Socket failures the driver can let through unwrapped (a command written to a socket the store
 * has just closed surfaces as Node's EPIPE): the store is gone just the same.
 */
const SOCKET_ERROR_CODES = new Set([
  'EPIPE',
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ERR_SOCKET_CLOSED',
  'ERR_STREAM_WRITE_AFTER_END',
]);

export function isStoreUnavailable(err: unknown): boolean {
  // MongoNetworkTimeoutError is a MongoNetworkError.
  return (
    err instanceof MongoNetworkError ||
    (err instanceof Error && SOCKET_ERROR_CODES.has(String((err as { code?: unknown }).code))) ||
    err instanceof MongoServerSelectionError ||
    err instanceof MongoTopologyClosedError ||
    err instanceof MongoServerClosedError ||
    err instanceof MongoNotConnectedError
  );
}
