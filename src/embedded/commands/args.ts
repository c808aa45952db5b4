// Reading command fields with mongod's type errors ("BSON field 'find.filter' is the wrong type").
import { CommandError, ErrorCodes } from '../errors';
import { type Doc, isPlainObject } from '../keys';

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'double';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'object') return (v as { _bsontype?: string })._bsontype?.toLowerCase() ?? 'object';
  return typeof v;
}

function wrongType(cmd: string, field: string, v: unknown, expected: string): CommandError {
  return new CommandError(ErrorCodes.TypeMismatch, `BSON field '${cmd}.${field}' is the wrong type '${typeName(v)}', expected type '${expected}'`);
}

/** The collection a command targets (the value of its first field). */
export function collectionArg(cmd: Doc, name: string): string {
  const v = cmd[name];
  if (typeof v !== 'string') {
    throw new CommandError(ErrorCodes.InvalidNamespace, `collection name has invalid type ${typeName(v)}`);
  }
  if (v === '') throw new CommandError(ErrorCodes.InvalidNamespace, `Invalid namespace specified '${v}'`);
  return v;
}

export function docArg(cmd: Doc, name: string, field: string): Doc | undefined {
  const v = cmd[field];
  if (v === undefined || v === null) return undefined;
  if (!isPlainObject(v)) throw wrongType(name, field, v, 'object');
  return v;
}

export function arrayArg(cmd: Doc, name: string, field: string): unknown[] | undefined {
  const v = cmd[field];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw wrongType(name, field, v, 'array');
  return v;
}

export function numberArg(cmd: Doc, name: string, field: string): number | undefined {
  const v = cmd[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || Number.isNaN(v)) throw wrongType(name, field, v, 'long');
  return v;
}

export function nonNegativeArg(cmd: Doc, name: string, field: string): number | undefined {
  const v = numberArg(cmd, name, field);
  if (v !== undefined && v < 0) {
    throw new CommandError(ErrorCodes.BadValue, `BSON field '${field}' value must be >= 0, actual value '${v}'`);
  }
  return v;
}

export function boolArg(cmd: Doc, field: string): boolean {
  const v = cmd[field];
  return v === true || (typeof v === 'number' && v !== 0);
}
