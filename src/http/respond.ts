// Writing what the HTTP layer answers itself. Every error body comes from the table in
// src/errors.ts (status, headers, message); nothing here builds an error by hand.
import type { ServerResponse } from 'node:http';
import type { GraphQLError } from 'graphql';
import { errorResponse, type ErrorCode } from '../errors';
import { errorContentType } from './negotiate';

export function sendJson(res: ServerResponse, status: number, body: unknown, contentType = 'application/json; charset=utf-8', headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Answers with a gateway error, in the media type the client asked for. */
export function sendError(res: ServerResponse, accept: string | undefined, error: GraphQLError | ErrorCode, details: Record<string, string | number | boolean> = {}): void {
  const { status, headers, body } = errorResponse(error, details);
  sendJson(res, status, body, errorContentType(accept), headers);
}
