// Reading a GraphQL request body: bounded before it is buffered (the declared length, then the
// bytes as they arrive), and JSON-decoded only when the client says it is JSON. Anything else is
// handed to Apollo as text, which answers it as GraphQL over HTTP requires.
import type { IncomingMessage } from 'node:http';
import { gatewayError } from '../errors';
import type { GraphQLError } from 'graphql';

export const MAX_BODY_BYTES = 1_048_576;

export type BodyResult = { readonly body: unknown } | { readonly error: GraphQLError };

export async function readGraphQLBody(req: IncomingMessage, contentType: string | undefined, limit = MAX_BODY_BYTES): Promise<BodyResult> {
  const raw = await readBody(req, limit);
  if (raw === null) return { error: gatewayError('PAYLOAD_TOO_LARGE', `the request body exceeds ${limit} bytes`, { limit }) };
  if (!(contentType ?? '').toLowerCase().includes('application/json')) return { body: raw.toString('utf8') };
  try {
    return { body: JSON.parse(raw.toString('utf8')) };
  } catch {
    return { error: gatewayError('BAD_REQUEST', 'request body is not valid JSON') };
  }
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      resolve(null);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(size > limit ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
