// Bulk-access detection: per principal, the distinct customers whose identifying values (served
// more revealing than the policy's `bulkAccess.degradeTo` level of the class) it received in a
// sliding window. Over the role's threshold: one alert — a ledger record (who, counts, window,
// policy version; never values), a metric, a warning log line, the optional signed webhook — and
// for the rest of the window that principal's classified fields are capped at the degraded
// levels, on every instance (the alert lives in MongoDB). docs/limits.md, "Bulk access".
import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import type { Principal } from '../auth/principal';
import type { AlertDoc, BulkAccessStore } from '../data/bulk-access-store';
import type { RequestMeta } from '../disclosure/disclosure';
import type { DisclosureRecord } from '../disclosure/records';
import { DATA_CLASSES, levelRank, type DataClass, type Level } from '../policy/classes';
import type { BulkAccessPolicy, CompiledPolicy } from '../policy/compile';
import type { AlertWebhook } from './alert-webhook';

/** The cap a principal's classified fields are served at while it is over its threshold. */
export interface Degrade {
  readonly caps: ReadonlyMap<DataClass, Level>;
  readonly until: Date;
}

export interface BulkAccessDeps {
  readonly policy: CompiledPolicy;
  readonly store: BulkAccessStore;
  readonly logger: Logger;
  /** Writes the alert's ledger record for the principal. */
  recordAlert(principal: Principal, meta: RequestMeta, reason: string): Promise<void>;
  alertRaised(role: string | null): void;
  readonly webhook: AlertWebhook | null;
  readonly clock?: () => number;
}

export interface BulkAccessWatch {
  /** The degraded levels, when an alert about this principal is open (null: serve as the policy says). */
  degradeFor(principal: Principal): Promise<Degrade | null>;
  /** After a response: counts the customers it identified and raises the alert once over the threshold. */
  observe(principal: Principal, records: readonly DisclosureRecord[], alreadyDegraded: boolean, meta: RequestMeta): Promise<void>;
}

export function createBulkAccessWatch(deps: BulkAccessDeps): BulkAccessWatch | null {
  const bulk = deps.policy.bulkAccess;
  if (!bulk) return null;
  const clock = deps.clock ?? Date.now;
  const caps = new Map<DataClass, Level>(DATA_CLASSES.map((cls) => [cls, bulk.capFor(cls)]));
  const capRank = new Map<DataClass, number>(DATA_CLASSES.map((cls) => [cls, levelRank(cls, bulk.capFor(cls))]));
  const key = (p: Principal) => `${p.kind}:${p.subject}`;
  // Customers this instance already recorded for a principal in the current minute bucket: a
  // request that identifies no new one (the same page again) costs no MongoDB command.
  const recorded = new LRUCache<string, Set<string>>({ max: 10_000 });

  return {
    async degradeFor(principal) {
      if (bulk.threshold(principal.role) === null) return null;
      const alert = await deps.store.activeAlert(key(principal), clock());
      return alert ? { caps, until: alert.until } : null;
    },
    async observe(principal, records, alreadyDegraded, meta) {
      const threshold = bulk.threshold(principal.role);
      if (threshold === null || alreadyDegraded) return;
      const identified = identifiedCustomers(records, capRank);
      if (identified.length === 0) return;
      const now = clock();
      const bucketKey = `${key(principal)}\u0000${Math.floor(now / 60_000)}`;
      let seen = recorded.get(bucketKey);
      if (!seen) recorded.set(bucketKey, (seen = new Set()));
      const fresh = identified.filter((id) => !seen.has(String(id)));
      if (fresh.length === 0) return;
      for (const id of fresh) seen.add(String(id));
      const distinct = await deps.store.record(key(principal), fresh, bulk.windowMs, now);
      if (distinct <= threshold) return;
      await raise(deps, bulk, principal, meta, distinct, threshold, now);
    },
  };
}

/** Customers any record served above the cap of its class. */
function identifiedCustomers(records: readonly DisclosureRecord[], capRank: ReadonlyMap<DataClass, number>): unknown[] {
  // A page's records repeat the same few id objects (a row's _id, its deals' customerId): they
  // are told apart by identity first, and turned into strings once per object.
  const seenObjects = new Set<unknown>();
  const seen = new Set<string>();
  const out: unknown[] = [];
  for (const r of records) {
    if (r.decision !== 'view' && r.decision !== 'lookup' && r.decision !== 'reveal') continue;
    const customer = r.customerId ?? (r.collection === 'customers' ? r.docId : null);
    if (customer === null || customer === undefined || seenObjects.has(customer)) continue;
    if (levelRank(r.dataClass, r.level) >= capRank.get(r.dataClass)!) continue;
    seenObjects.add(customer);
    const id = String(customer);
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(customer);
  }
  return out;
}

async function raise(deps: BulkAccessDeps, bulk: BulkAccessPolicy, principal: Principal, meta: RequestMeta, distinct: number, threshold: number, now: number): Promise<void> {
  const windowMinutes = bulk.windowMs / 60_000;
  const alert: AlertDoc = {
    _id: `${principal.kind}:${principal.subject}`,
    subject: principal.subject,
    role: principal.role,
    tokenKind: principal.kind,
    distinctCustomers: distinct,
    threshold,
    windowMinutes,
    policyVersion: deps.policy.version,
    raisedAt: new Date(now),
    until: new Date(now + bulk.windowMs),
  };
  // Concurrent requests on several instances may all cross; only the one that inserts reports.
  if (!(await deps.store.raise(alert, now))) return;
  const reason = `bulk access: ${distinct} distinct customers identified within ${windowMinutes} min, threshold ${threshold}; degraded until ${alert.until.toISOString()}`;
  deps.alertRaised(principal.role);
  deps.logger.warn(
    { subject: principal.subject, role: principal.role, tokenKind: principal.kind, distinctCustomers: distinct, threshold, windowMinutes },
    'bulk-access alert raised; classified fields degraded for the rest of the window',
  );
  await deps.recordAlert(principal, meta, reason);
  if (deps.webhook) {
    void deps.webhook.send({
      type: 'bulk_access_alert',
      subject: alert.subject,
      role: alert.role,
      tokenKind: alert.tokenKind,
      distinctCustomers: distinct,
      threshold,
      windowMinutes,
      policyVersion: alert.policyVersion,
      raisedAt: alert.raisedAt.toISOString(),
      until: alert.until.toISOString(),
    });
  }
}
