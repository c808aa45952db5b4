// MongoDB server error codes the embedded store can answer with. Codes and code names are the
// real server's (src/mongo/base/error_codes.yml), so driver retry logic and callers that switch
// on `code` behave as they would against mongod.
export const ErrorCodes = {
  InternalError: 1,
  BadValue: 2,
  FailedToParse: 9,
  Unauthorized: 13,
  TypeMismatch: 14,
  IllegalOperation: 20,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  CursorNotFound: 43,
  NamespaceExists: 48,
  CommandNotFound: 59,
  ImmutableField: 66,
  CannotCreateIndex: 67,
  InvalidOptions: 72,
  InvalidNamespace: 73,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  CommandNotSupported: 115,
  InvalidPipelineOperator: 168,
  Location40324: 40324,
  Location40573: 40573,
  Location40571: 40571,
  DuplicateKey: 11000,
} as const;

const CODE_NAMES: Record<number, string> = {
  1: 'InternalError',
  2: 'BadValue',
  9: 'FailedToParse',
  13: 'Unauthorized',
  14: 'TypeMismatch',
  20: 'IllegalOperation',
  26: 'NamespaceNotFound',
  27: 'IndexNotFound',
  43: 'CursorNotFound',
  48: 'NamespaceExists',
  59: 'CommandNotFound',
  66: 'ImmutableField',
  67: 'CannotCreateIndex',
  72: 'InvalidOptions',
  73: 'InvalidNamespace',
  85: 'IndexOptionsConflict',
  86: 'IndexKeySpecsConflict',
  91: 'ShutdownInProgress',
  115: 'CommandNotSupported',
  168: 'InvalidPipelineOperator',
  189: 'PrimarySteppedDown',
  262: 'ExceededTimeLimit',
  50: 'MaxTimeMSExpired',
  6: 'HostUnreachable',
  7: 'HostNotFound',
  89: 'NetworkTimeout',
  10107: 'NotWritablePrimary',
  11600: 'InterruptedAtShutdown',
  11602: 'InterruptedDueToReplStateChange',
  13435: 'NotPrimaryNoSecondaryOk',
  11000: 'DuplicateKey',
};

/** The code name mongod uses for `code`; server-internal "Location" codes have none. */
export function codeNameFor(code: number): string {
  return CODE_NAMES[code] ?? `Location${code}`;
}

/** A command failure: becomes `{ok: 0, errmsg, code, codeName, ...extra}` on the wire. */
export class CommandError extends Error {
  readonly code: number;
  readonly codeName: string;
  readonly extra: Record<string, unknown>;

  constructor(code: number, message: string, extra: Record<string, unknown> = {}, codeName = codeNameFor(code)) {
    super(message);
    this.code = code;
    this.codeName = codeName;
    this.extra = extra;
  }

  toReply(): Record<string, unknown> {
    return { ok: 0, errmsg: this.message, code: this.code, codeName: this.codeName, ...this.extra };
  }
}

/** A malformed message: the connection that sent it is closed (never answered). */
export class ProtocolError extends Error {}

const MINGO_UNKNOWN_STAGE = /unregistered pipeline operator (\$\w+)/;
const MINGO_UNKNOWN_EXPR = /'(\$\w+)' is not registered|unknown (?:expression )?operator:? '?(\$\w+)'?/;
const MINGO_UNKNOWN_QUERY = /unknown (top level |query )?operator:? (\$\w+)/;
const MINGO_UNKNOWN_UPDATE = /Unknown update operator: '(\$\w+)'/;

/**
 * Translates an exception thrown by mingo (or by our own code) into the error mongod would return
 * for the same input. `where` says whether a query or an aggregation expression was being parsed.
 */
export function translateError(err: unknown, where: 'query' | 'pipeline' | 'update' = 'query'): CommandError {
  if (err instanceof CommandError) return err;
  const message = err instanceof Error ? err.message : String(err);
  let m: RegExpMatchArray | null;
  if ((m = message.match(MINGO_UNKNOWN_UPDATE))) {
    return new CommandError(ErrorCodes.FailedToParse, `Unknown modifier: ${m[1]}. Expected a valid update modifier or pipeline-style update specified as an array`);
  }
  if (message.includes("would modify the immutable field '_id'")) {
    return new CommandError(ErrorCodes.ImmutableField, "Performing an update on the path '_id' would modify the immutable field '_id'");
  }
  if ((m = message.match(MINGO_UNKNOWN_STAGE))) {
    return new CommandError(ErrorCodes.Location40324, `Unrecognized pipeline stage name: '${m[1]}'`);
  }
  if (where === 'query' && (m = message.match(MINGO_UNKNOWN_QUERY))) {
    if (m[2] === '$text') return new CommandError(ErrorCodes.IndexNotFound, 'text index required for $text query');
    return new CommandError(ErrorCodes.BadValue, `unknown ${m[1] === 'top level ' ? 'top level ' : ''}operator: ${m[2]}`);
  }
  if ((m = message.match(MINGO_UNKNOWN_EXPR)) || (m = message.match(MINGO_UNKNOWN_QUERY))) {
    const op = m[1] ?? m[2];
    return new CommandError(ErrorCodes.InvalidPipelineOperator, `Unrecognized expression '${op}'`);
  }
  if (message.includes('$where')) return new CommandError(ErrorCodes.BadValue, 'no globalScriptEngine in $where parsing');
  return new CommandError(ErrorCodes.BadValue, message);
}
