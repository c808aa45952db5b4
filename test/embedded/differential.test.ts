// Differential property test: random documents (every BSON type the gateway stores, nested
// documents with varying field order, arrays, missing fields) and random queries, answered by the
// store over the wire through the official driver, and by a reference: mingo run directly on the
// same documents for the filters where mingo and MongoDB agree, and MongoDB's documented
// comparison and sort order (test/support/bson-order.ts) for range filters, sorts and grouping.
// One pure property (no wire) pits the store's comparator against the reference on numbers.
//
// Runs against a real server as well when MONGODB_URI is set; the reference is computed from the
// generated documents either way. FC_SEED replays a failing run, FC_RUNS changes the run count.
import fc from 'fast-check';
import { Query } from 'mingo';
import { EJSON } from 'bson';
import { Decimal128, Double, Int32, Long, ObjectId, type Collection, type Document } from 'mongodb';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { compareValues as storeCompare, equalityKey } from '../../src/embedded/bson-order';
import { compareValues, documentOrder, typeRank } from '../support/bson-order';
import { startTestMongo, type TestMongo } from '../support/mongo';

const RUNS = Number(process.env.FC_RUNS ?? 100);
const SEED = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);
const READ = { promoteValues: false, promoteLongs: false } as const;
// A ceiling for a loaded machine (each run is a few round trips), not a speed requirement.
const TIMEOUT = 120_000;

let mongo: TestMongo;
let counter = 0;
beforeAll(async () => {
  mongo = await startTestMongo();
});
afterAll(() => mongo?.close());

// ---------- generators ----------

const OIDS = ['65cf7cb3b6cc9d32bf000001', '65cf7cb3b6cc9d32bf000002', '000000000000000000000003'].map((h) => ObjectId.createFromHexString(h));
const DAY = 86_400_000;

const arbString = fc.string({ unit: fc.constantFrom('a', 'b', 'B', 'é', '\u{1D538}', '\uE000'), maxLength: 3 });
const arbInt32 = fc.integer({ min: -3, max: 3 }).map((n) => new Int32(n));
const arbDouble = fc.constantFrom(-1.5, 0.5, 2, -0, 0.1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY).map((d) => new Double(d));
const arbLong = fc.oneof(fc.bigInt({ min: -3n, max: 3n }), fc.constantFrom(2n ** 53n + 1n, 2n ** 60n, -(2n ** 60n))).map((b) => Long.fromBigInt(b));
const arbDecimal = fc.constantFrom('1', '-2.5', '0.1', '2.00', '1E+2', '-0', 'NaN', 'Infinity').map((s) => Decimal128.fromString(s));
const arbDate = fc.integer({ min: -2, max: 2 }).map((i) => new Date(Date.UTC(2026, 0, 1) + i * DAY));
const arbScalar: fc.Arbitrary<unknown> = fc.oneof(arbString, arbInt32, arbDouble, arbLong, arbDecimal, arbDate, fc.constantFrom(...OIDS), fc.boolean(), fc.constant(null));

/** Sub-documents draw their field names and order at random, so field order matters. */
const { value: arbValue } = fc.letrec<{ value: unknown; doc: Document; array: unknown[] }>((tie) => ({
  value: fc.oneof({ maxDepth: 2, depthIdentifier: 'value' }, arbScalar, tie('doc'), tie('array')),
  doc: fc.uniqueArray(fc.tuple(fc.constantFrom('x', 'y', 'z'), tie('value')), { selector: ([k]) => k, maxLength: 3 }).map((pairs) => Object.fromEntries(pairs)),
  array: fc.array(tie('value'), { maxLength: 3 }),
}));

/** Documents with `_id` 0..n-1; `a` and `b` may be anything or missing, `g` a scalar, `h` anything. */
const arbDocs = fc
  .array(fc.record({ a: arbValue, b: arbValue, g: arbScalar, h: arbValue }, { requiredKeys: ['g', 'h'] }), { maxLength: 8 })
  .map((docs) => docs.map((d, i) => ({ _id: i, ...d })));

/** Range operands: every numeric width (NaN aside), null, dates, strings and sub-documents. */
const arbOperand = fc.oneof(
  arbInt32,
  arbDouble.filter((d) => !Number.isNaN(d.value)),
  arbLong,
  arbDecimal.filter((d) => d.toString() !== 'NaN'),
  fc.constant(null),
  arbDate,
  arbString,
  fc.constantFrom({ x: 0 }, { y: 'a' }, { x: 0, y: 'a' }, { y: 'a', x: 0 }),
);
const RANGE: Record<string, (c: number) => boolean> = { $gt: (c) => c > 0, $gte: (c) => c >= 0, $lt: (c) => c < 0, $lte: (c) => c <= 0 };
const arbRange = fc.tuple(fc.constantFrom('a', 'h'), fc.constantFrom(...Object.keys(RANGE)), arbOperand).map(([field, op, operand]) => ({ [field]: { [op]: operand } }));

/**
 * Filters: equality, $exists and $in on values where mingo and MongoDB agree (judged by mingo),
 * and range operators on anything (judged by the documented order, see referenceMatch).
 */
const arbFilter: fc.Arbitrary<Document> = fc.oneof(
  { arbitrary: arbRange, weight: 4 },
  fc.constant({}),
  fc.record({ a: fc.oneof(arbString, fc.boolean(), fc.constant(null), fc.constantFrom(...OIDS), arbDate) }),
  fc.record({ a: fc.record({ $exists: fc.boolean() }) }),
  fc.record({ 'a.x': fc.oneof(arbString, fc.boolean(), fc.constant(null)) }),
  fc.record({ g: fc.record({ $in: fc.array(fc.oneof(arbString, fc.boolean(), fc.constant(null)), { maxLength: 3 }) }) }),
);

const SORT_PATHS = ['a', 'b', 'a.x', 'g', 'h'] as const;
type SortSpec = Record<string, 1 | -1>;
/** One or two keys, then `_id` so that every order is total and both sides must agree exactly. */
const arbSort: fc.Arbitrary<SortSpec> = fc
  .uniqueArray(fc.tuple(fc.constantFrom(...SORT_PATHS), fc.constantFrom<1 | -1>(1, -1)), { selector: ([p]) => p, minLength: 1, maxLength: 2 })
  .map((keys) => ({ ...Object.fromEntries(keys), _id: 1 as const }));

const arbProjection = fc.constantFrom<Document | undefined>(undefined, { a: 1 }, { b: 0 }, { _id: 0, a: 1, g: 1 }, { h: 0, a: 0 });

// ---------- reference ----------

/** What mingo sees for a stored document: BSON numbers that fit a JS number become one, as in the store. */
function mingoView(v: unknown): unknown {
  if (v instanceof Int32 || v instanceof Double) return v.value;
  if (v instanceof Long) {
    const n = v.toNumber();
    return Number.isSafeInteger(n) ? n : v;
  }
  if (Array.isArray(v)) return v.map(mingoView);
  if (v !== null && typeof v === 'object' && (v as { _bsontype?: string })._bsontype === undefined && !(v instanceof Date)) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mingoView(x)]));
  }
  return v;
}

/**
 * `{field: {$gt|$gte|$lt|$lte: v}}` as MongoDB documents it: values of v's type class only (all
 * numbers are one class), compared in BSON order; an array field matches through any element;
 * a missing field compares as null. Other filters: mingo, whose semantics agree for them.
 */
function referenceMatch(docs: Document[], filter: Document): Document[] {
  const [field, cond] = Object.entries(filter)[0] ?? [];
  const [op, operand] = cond !== null && typeof cond === 'object' ? (Object.entries(cond)[0] ?? []) : [];
  if (field !== undefined && op !== undefined && RANGE[op]) {
    return docs.filter((d) => {
      const v = d[field];
      const candidates = v === undefined ? [null] : Array.isArray(v) ? v : [v];
      return candidates.some((c) => typeRank(c) === typeRank(operand) && RANGE[op]!(compareValues(c, operand)));
    });
  }
  const query = new Query(mingoView(filter) as Document);
  return docs.filter((d) => query.test(mingoView(d) as Document));
}

function referenceProject(doc: Document, projection: Document | undefined): Document {
  if (!projection) return doc;
  const include = Object.entries(projection)
    .filter(([k]) => k !== '_id')
    .some(([, v]) => v === 1);
  const out: Document = {};
  for (const [k, v] of Object.entries(doc)) {
    const spec = projection[k];
    if (k === '_id' ? spec !== 0 : include ? spec === 1 : spec !== 0) out[k] = v;
  }
  return out;
}

function sortedBy(docs: Document[], sort: SortSpec): Document[] {
  return [...docs].sort(documentOrder(sort));
}

/** Equal as MongoDB compares values (numbers by value, documents field by field in order). */
function sameValue(a: unknown, b: unknown): boolean {
  return compareValues(a, b) === 0;
}

const show = (v: unknown): string => EJSON.stringify(v as Document, { relaxed: false });

function expectExact(actual: Document[], expected: Document[]): void {
  if (show(actual) !== show(expected)) throw new Error(`store answered\n  ${show(actual)}\nreference\n  ${show(expected)}`);
}

function expectSame(actual: unknown[], expected: unknown[]): void {
  if (actual.length !== expected.length || actual.some((v, i) => !sameValue(v, expected[i]))) {
    throw new Error(`store answered\n  ${show(actual)}\nreference\n  ${show(expected)}`);
  }
}

// ---------- harness ----------

/** A fresh collection per run (dropped with the test database), so runs never see each other. */
async function withCollection<T>(docs: Document[], fn: (c: Collection<Document>) => Promise<T>): Promise<T> {
  const c = mongo.db().collection<Document>(`diff_${++counter}`);
  if (docs.length) await c.insertMany(docs.map((d) => ({ ...d })));
  return fn(c);
}

function check<Ts extends [unknown, ...unknown[]]>(arbs: { [K in keyof Ts]: fc.Arbitrary<Ts[K]> }, predicate: (...args: Ts) => Promise<void>): Promise<void> {
  return fc.assert(fc.asyncProperty(...arbs, predicate), {
    numRuns: RUNS,
    seed: SEED,
    // A readable, type-exact counterexample (canonical Extended JSON) and the seed to replay it.
    reporter(details) {
      if (!details.failed) return;
      const args = details.counterexample?.map((a) => show(a)).join('\n  ') ?? '(none)';
      const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
      throw new Error(
        `property failed after ${details.numRuns} runs (${details.numShrinks} shrinks); replay with FC_SEED=${details.seed} (path ${details.counterexamplePath})\n` +
          `counterexample:\n  ${args}\n${cause}`,
      );
    },
  });
}

describe('the store answers like MongoDB (differential, property-based)', { timeout: TIMEOUT }, () => {
  it('numbers of every width compare by exact value, and group together exactly when equal', () => {
    // The store holds int32, doubles and safe longs as JS numbers (numeric-types.ts).
    const stored = (v: unknown): unknown => (v instanceof Int32 || v instanceof Double ? v.value : v instanceof Long && Number.isSafeInteger(v.toNumber()) ? v.toNumber() : v);
    const arbNumber = fc.oneof(
      fc.double().map((d) => new Double(d)),
      fc.integer().map((i) => new Int32(i)),
      fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((b) => Long.fromBigInt(b)),
      fc.tuple(fc.bigInt({ min: -(10n ** 34n) + 1n, max: 10n ** 34n - 1n }), fc.integer({ min: -40, max: 40 })).map(([c, e]) => Decimal128.fromString(`${c}E${e}`)),
      arbDecimal,
      arbDouble,
    );
    // Equal values in two widths: a dyadic fraction is exact as a double and as a decimal.
    const arbEqualPair = fc
      .tuple(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 3 }))
      .map(([n, k, zeros]) => {
        const x = n / 2 ** k;
        const digits = (BigInt(n) * 5n ** BigInt(k)).toString();
        const decimal = Decimal128.fromString(`${digits}${'0'.repeat(zeros)}E${-k - zeros}`);
        return Number.isInteger(x) ? ([new Int32(x), decimal, Long.fromNumber(x)] as const) : ([new Double(x), decimal, decimal] as const);
      })
      .chain((trio) => fc.tuple(fc.constantFrom(...trio), fc.constantFrom(...trio)));
    fc.assert(
      fc.property(fc.oneof(fc.tuple(arbNumber, arbNumber), arbEqualPair), ([a, b]) => {
        const expected = compareValues(a, b);
        const actual = storeCompare(stored(a), stored(b));
        if (actual !== expected || (expected === 0) !== (equalityKey(stored(a)) === equalityKey(stored(b)))) {
          throw new Error(`${show({ a, b })}: store ${actual}, reference ${expected}`);
        }
      }),
      { numRuns: RUNS * 20, seed: SEED },
    );
  });

  it('find: filter, sort on mixed types, projection, skip and limit', () =>
    check([arbDocs, arbFilter, arbSort, arbProjection, fc.nat({ max: 3 }), fc.nat({ max: 3 })], async (docs, filter, sort, projection, skip, limit) => {
      const actual = await withCollection(docs, (c) => c.find(filter, { ...READ, sort, projection, skip, limit }).toArray());
      const ordered = sortedBy(referenceMatch(docs, filter), sort);
      const page = ordered.slice(skip, limit ? skip + limit : undefined);
      expectExact(
        actual,
        page.map((d) => referenceProject(d, projection)),
      );
    }));

  it('findOneAndUpdate with sort and upsert updates the first match, or inserts only when nothing matches', () =>
    check([arbDocs, arbFilter, arbSort], async (docs, filter, sort) => {
      const { returned, after } = await withCollection(docs, async (c) => {
        const returned = await c.findOneAndUpdate(filter, { $set: { touched: new Int32(1) } }, { ...READ, sort, upsert: true, returnDocument: 'after' });
        return { returned, after: await c.find({}, READ).sort({ _id: 1 }).toArray() };
      });
      const [target] = sortedBy(referenceMatch(docs, filter), sort);
      if (target) {
        const updated = { ...target, touched: new Int32(1) };
        expectExact(returned ? [returned] : [], [updated]);
        expectExact(
          after,
          docs.map((d) => (d._id === target._id ? updated : d)),
        );
      } else {
        // Nothing matched: exactly one new document, seeded from the filter's equality fields.
        const inserted = after.filter((d) => d._id instanceof ObjectId);
        if (after.length !== docs.length + 1 || inserted.length !== 1) throw new Error(`expected one upserted document, store has ${show(after)}`);
        expectExact(
          after.filter((d) => !(d._id instanceof ObjectId)),
          docs,
        );
        if (!returned || show(returned) !== show(inserted[0])) throw new Error(`returned ${show(returned)} but inserted ${show(inserted[0])}`);
      }
    }));

  it('aggregate: $sort stage on mixed types, with skip and limit', () =>
    check([arbDocs, arbFilter, arbSort, fc.nat({ max: 3 }), fc.integer({ min: 1, max: 4 })], async (docs, filter, sort, skip, limit) => {
      const actual = await withCollection(docs, (c) => c.aggregate([{ $match: filter }, { $sort: sort }, { $skip: skip }, { $limit: limit }], READ).toArray());
      const expected = sortedBy(referenceMatch(docs, filter), sort).slice(skip, skip + limit);
      expectSame(actual, expected);
    }));

  it('aggregate: $group on sub-document keys, $min/$max, then $sort {n: -1, _id: 1}', () =>
    check([arbDocs, arbFilter, fc.constantFrom<string | Document>('$g', '$h', { p: '$g', q: '$h' }, { q: '$h', p: '$g' })], async (docs, filter, groupId) => {
      const actual = await withCollection(docs, (c) =>
        c.aggregate([{ $match: filter }, { $group: { _id: groupId, n: { $sum: 1 }, lo: { $min: '$a' }, hi: { $max: '$a' } } }, { $sort: { n: -1, _id: 1 } }], READ).toArray(),
      );
      // Groups are the classes of equal keys (as MongoDB compares them), in order of first appearance.
      const keyOf = (d: Document): unknown =>
        typeof groupId === 'string' ? d[groupId.slice(1)] : Object.fromEntries(Object.entries(groupId).map(([k, p]) => [k, d[(p as string).slice(1)]]));
      const groups: { _id: unknown; members: Document[] }[] = [];
      for (const d of referenceMatch(docs, filter)) {
        const key = keyOf(d);
        const group = groups.find((g) => sameValue(g._id, key));
        if (group) group.members.push(d);
        else groups.push({ _id: key, members: [d] });
      }
      // $min/$max accumulators ignore null and missing values and compare the rest in BSON order.
      const extreme = (members: Document[], sign: 1 | -1): unknown => {
        const values = members.map((m) => m.a).filter((v) => v !== undefined && v !== null);
        return values.length ? values.reduce((best, v) => (compareValues(v, best) * sign < 0 ? v : best)) : null;
      };
      const expected = groups.map((g) => ({ _id: g._id, n: g.members.length, lo: extreme(g.members, 1), hi: extreme(g.members, -1) })).sort(documentOrder({ n: -1, _id: 1 }));
      expectSame(actual, expected);
    }));
});
