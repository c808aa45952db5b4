// The disclosure step: for each classified value a response carries, the level comes from the
// compiled policy for the principal's role and MFA state, the value is masked, and a record of
// what was served (never the value) is kept for the audit ledger. Levels are looked up once per
// request and class; the per-value path is one mask call and one array push.
import type { GraphQLResolveInfo } from 'graphql';
import type { Doc } from '../data/documents';
import { applyMask, inlineCapsFor, type MaskContext } from '../masking';
import { DATA_CLASSES, levelRank, type DataClass, type Level } from '../policy/classes';
import type { CompiledPolicy } from '../policy/compile';
import { mfaIsFresh } from '../policy/mfa';
import type { FieldInfo, FieldMap } from '../schema/field-map';
import { readPath } from '../schema/field-map';
import type { FieldCrypto } from '../encryption/field-crypto';
import { gatewayError } from '../errors';
import type { DegradeCaps, DisclosureFactory, RequestDisclosure } from './disclosure';
import { disclosureRecord, formatResponsePath, type DisclosureRecord } from './records';

export interface DisclosureKeys {
  /** HMAC key of the pseudonymisation domain for interactive users. */
  readonly user: Buffer;
  /** BI tokens get their own domain, so their keyed tokens cannot be joined with other exports. */
  readonly bi: Buffer;
}

/** Numbers in notes before the levels are settled: none shown (nothing is served then anyway). */
const UNSETTLED_INLINE_CAPS = inlineCapsFor({ PHONE: 'hidden', NATIONAL_ID: 'hidden', BANK_CARD: 'hidden', EMAIL: 'hidden' });

const CLASS_INDEX = new Map<DataClass, number>(DATA_CLASSES.map((c, i) => [c, i]));

export function createDisclosureFactory(deps: {
  policy: CompiledPolicy;
  keys: DisclosureKeys;
  fieldMap: FieldMap;
  clock?: () => Date;
  /** Decrypts stored ciphertext just before masking; null when the gateway holds no master key. */
  crypto?: FieldCrypto | null;
}): DisclosureFactory {
  const clock = deps.clock ?? (() => new Date());
  const crypto = deps.crypto ?? null;
  const genderPaths = new Map<string, readonly string[]>();
  for (const t of deps.fieldMap.types.values()) {
    const g = t.fields.get('gender');
    if (g) genderPaths.set(t.typeName, g.segments);
  }
  // The customer a value is about, for the audit ledger's "who saw this customer" index: the
  // customer's own id, or the customerId of a deal or interaction.
  const customerPaths = new Map<string, readonly string[]>();
  for (const t of deps.fieldMap.types.values()) {
    const f = t.typeName === 'Customer' ? t.fields.get('id') : t.fields.get('customerId');
    if (f) customerPaths.set(t.typeName, f.segments);
  }
  const forPendingRequest: DisclosureFactory['forPendingRequest'] = (principal) => {
    const mfaFresh = mfaIsFresh(principal, deps.policy.reveal.mfaMaxAgeSeconds, clock());
    // Set once the bulk-access cap is known (settle); nothing is served or recorded before.
    let levels: Level[] | null = null;
    let recordReason: string | null = null;
    let degradedUntil: Date | null = null;
    const maskContext: MaskContext = {
      tokenKey: principal.kind === 'bi' ? deps.keys.bi : deps.keys.user,
      now: clock(),
      gender: null,
      inlineCaps: UNSETTLED_INLINE_CAPS,
    };
    const settle = (degrade: DegradeCaps | null): void => {
      // Under a bulk-access alert a class is served at the less revealing of its level and the cap.
      const settled: Level[] = DATA_CLASSES.map((cls) => lessRevealing(cls, deps.policy.level(principal.role, cls, mfaFresh), degrade?.caps.get(cls)));
      const levelOf = (cls: DataClass) => settled[CLASS_INDEX.get(cls)!]!;
      // Numbers found in notes are never shown more than the caller sees of their own fields.
      maskContext.inlineCaps = inlineCapsFor({ PHONE: levelOf('PHONE'), NATIONAL_ID: levelOf('NATIONAL_ID'), BANK_CARD: levelOf('BANK_CARD'), EMAIL: levelOf('EMAIL') });
      recordReason = degrade ? DEGRADED_REASON : null;
      degradedUntil = degrade?.until ?? null;
      levels = settled;
    };
    /** The levels, once settled; serving before that is a wiring error and fails closed. */
    const levelsNow = (): Level[] => {
      if (levels === null) throw gatewayError('INTERNAL');
      return levels;
    };
    const records: DisclosureRecord[] = [];
    const customerIdOf = (field: FieldInfo, parent: Doc) => {
      const customerPath = customerPaths.get(field.typeName);
      return customerPath ? readPath(parent, customerPath) : null;
    };
    /** The record of one classified value served (or withheld) in this response. */
    const viewRecord = (field: FieldInfo, parent: Doc, info: GraphQLResolveInfo, level: Level, reason: string | null): DisclosureRecord =>
      disclosureRecord(field, deps.fieldMap.collectionOf(field.typeName), {
        decision: 'view',
        level,
        reason,
        docId: parent._id,
        responsePath: info.path,
        customerId: customerIdOf(field, parent),
      });
    const disclosure: RequestDisclosure = {
      records,
      policyVersion: deps.policy.version,
      get degradedUntil() {
        return degradedUntil;
      },
      note(record) {
        records.push(record);
      },
      serve(field: FieldInfo, parent: Doc, stored: unknown, info: GraphQLResolveInfo): string | null {
        const cls = field.dataClass!;
        const level = levelsNow()[CLASS_INDEX.get(cls)!]!;
        let raw = stored;
        // A level of hidden needs no plaintext: the value is never decrypted for such callers.
        if (crypto !== null && level !== 'hidden') {
          const opened = crypto.open(stored);
          if (!opened.ok) {
            // Fails closed: withheld (audited as hidden), with an error naming the field and
            // the general reason; the rest of the response is served.
            records.push(viewRecord(field, parent, info, 'hidden', `decryption failed: ${opened.reason}`));
            throw gatewayError('DECRYPTION_FAILED', undefined, { field: field.coordinate, reason: opened.reason });
          }
          raw = opened.value;
        }
        const genderPath = cls === 'NAME' ? genderPaths.get(field.typeName) : undefined;
        maskContext.gender = genderPath ? normaliseGender(readPath(parent, genderPath)) : null;
        const masked = raw === null || raw === undefined ? HIDDEN_RESULT : applyMask(cls, raw, level, maskContext);
        records.push(viewRecord(field, parent, info, masked.served, recordReason));
        return masked.value;
      },
      open(field, stored) {
        if (crypto === null) return stored;
        const opened = crypto.open(stored);
        if (!opened.ok) throw gatewayError('DECRYPTION_FAILED', undefined, { field: field.coordinate, reason: opened.reason });
        return opened.value;
      },
      changed(field, doc, oldStored, newStored) {
        const cls = field.dataClass!;
        const level = levelsNow()[CLASS_INDEX.get(cls)!]!;
        const plain = (stored: unknown) => {
          if (crypto === null) return stored;
          const opened = crypto.open(stored);
          return opened.ok ? opened.value : null;
        };
        const servedAt = (stored: unknown) => {
          const raw = plain(stored);
          return raw === null || raw === undefined ? 'hidden' : applyMask(cls, raw, level, maskContext).served;
        };
        records.push(
          disclosureRecord(field, deps.fieldMap.collectionOf(field.typeName), {
            decision: 'update',
            level,
            reason: null,
            docId: doc._id,
            levelBefore: servedAt(oldStored),
            levelAfter: servedAt(newStored),
          }),
        );
      },
      summary() {
        const out: Record<string, string> = {};
        const withheld: string[] = [];
        const downgraded: Record<string, string> = {};
        for (const r of records) {
          if (r.decision !== 'view') continue;
          // View records exist only once the levels are settled.
          const policyLevel = levelsNow()[CLASS_INDEX.get(r.dataClass)!]!;
          out[r.coordinate] ??= policyLevel;
          if (r.level === policyLevel) continue;
          // A value served below the policy's level: null (absent or unparseable), or a less
          // revealing form (an honorific without a gender, an address without a district).
          if (r.level === 'hidden') withheld.push(formatResponsePath(r.responsePath));
          else downgraded[formatResponsePath(r.responsePath)] = r.level;
        }
        return { levels: out, withheld, downgraded };
      },
    };
    return { disclosure, settle };
  };
  return {
    forPendingRequest,
    forRequest(principal, meta, degrade) {
      const pending = forPendingRequest(principal, meta);
      pending.settle(degrade ?? null);
      return pending.disclosure;
    },
  };
}

/** The ledger's reason on every value served while a bulk-access alert caps the principal. */
export const DEGRADED_REASON = 'bulk-access alert: served at the degraded level';

function lessRevealing(cls: DataClass, level: Level, cap: Level | undefined): Level {
  return cap !== undefined && levelRank(cls, cap) > levelRank(cls, level) ? cap : level;
}

const HIDDEN_RESULT = Object.freeze({ value: null, served: 'hidden' as Level });

function normaliseGender(value: unknown): 'M' | 'F' | null {
  return value === 'M' || value === 'F' ? value : null;
}
