// Which driver errors mean "the store cannot be reached right now" rather than "this request is
// wrong" or "the gateway has a bug": no server could be selected, the connection broke or timed
// out, or the client is closed. Clients get STORE_UNAVAILABLE (503, retry later) for these, and
// INTERNAL for anything else.
import { MongoNetworkError, MongoNotConnectedError, MongoServerClosedError, MongoServerSelectionError, MongoTopologyClosedError } from 'mongodb';

export function isStoreUnavailable(err: unknown): boolean {
  // MongoNetworkTimeoutError is a MongoNetworkError.
  return (
    err instanceof MongoNetworkError ||
    err instanceof MongoServerSelectionError ||
    err instanceof MongoTopologyClosedError ||
    err instanceof MongoServerClosedError ||
    err instanceof MongoNotConnectedError
  );
}
