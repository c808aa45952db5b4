// Signed checkpoints: at an interval (and at shutdown) each instance signs the head of its chain
// — sequence number and record hash — with its Ed25519 key (a compact JWS) and stores it in
// audit_checkpoints. Someone who can write to MongoDB but does not hold the key can recompute a
// whole chain after an edit, but cannot make the signed checkpoints agree with it.
import { CompactSign, compactVerify } from 'jose';
import type { ChainHead } from './chain';
import { CHECKPOINT_ALG, type AuditSigningKey, type AuditVerifyKey } from './keys';

export const CHECKPOINT_COLLECTION = 'audit_checkpoints';
const TYP = 'crm-gateway-audit-checkpoint+jws';

export interface CheckpointDoc {
  instanceId: string;
  seq: number;
  hash: string;
  ts: Date;
  kid: string;
  /** Compact JWS over {instanceId, seq, hash, ts}; the fields above are a readable copy. */
  jws: string;
}

export interface SignedHead {
  readonly instanceId: string;
  readonly seq: number;
  readonly hash: string;
  readonly ts: string;
}

export async function signCheckpoint(key: AuditSigningKey, instanceId: string, head: ChainHead, ts: Date): Promise<CheckpointDoc> {
  const payload: SignedHead = { instanceId, seq: head.seq, hash: head.hash, ts: ts.toISOString() };
  const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader({ alg: CHECKPOINT_ALG, kid: key.kid, typ: TYP }).sign(key.privateKey);
  return { instanceId, seq: head.seq, hash: head.hash, ts, kid: key.kid, jws };
}

/** The signed head, or why the checkpoint cannot be trusted. */
export async function openCheckpoint(doc: Partial<CheckpointDoc>, key: AuditVerifyKey): Promise<{ head: SignedHead } | { problem: string }> {
  if (typeof doc.jws !== 'string') return { problem: 'checkpoint has no signature' };
  let payload: unknown;
  try {
    const verified = await compactVerify(doc.jws, key.publicKey, { algorithms: [CHECKPOINT_ALG] });
    if (verified.protectedHeader.typ !== TYP) return { problem: 'checkpoint signature has the wrong type' };
    payload = JSON.parse(new TextDecoder().decode(verified.payload));
  } catch {
    return { problem: doc.kid && doc.kid !== key.kid ? `checkpoint signed by an unknown key (${doc.kid})` : 'checkpoint signature is not valid' };
  }
  const p = payload as Partial<SignedHead>;
  if (typeof p.instanceId !== 'string' || typeof p.seq !== 'number' || typeof p.hash !== 'string' || typeof p.ts !== 'string') {
    return { problem: 'checkpoint payload is malformed' };
  }
  if (p.instanceId !== doc.instanceId || p.seq !== doc.seq || p.hash !== doc.hash) return { problem: 'checkpoint fields differ from what was signed' };
  return { head: p as SignedHead };
}
