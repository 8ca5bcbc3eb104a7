// Chooses which documents mingo has to look at for a query. It reads only the shapes that can narrow
// the search (equality, $in, $gt/$gte/$lt/$lte, $and, $or) and leaves every condition to mingo, so a
// plan may only make the candidate set smaller than "all documents", never decide a match.
import { compareParts, Edge, rankOf, toKeyValue, type Bound, type KeyPart, type KeyValue } from './keys';
import type { Index } from './index';
import { isPlainObject } from '../values';

export type SortSpec = Array<[string, 1 | -1]>;

interface End {
  part: KeyPart;
  inclusive: boolean;
}
interface FieldRange {
  points?: KeyValue[];
  lo?: End;
  hi?: End;
}
interface Constraints {
  fields: Map<string, FieldRange>;
  ors: unknown[][];
}

export type Plan =
  | { kind: 'scan'; est: number; ordered: boolean }
  | { kind: 'ids'; ids: string[]; est: number; ordered: boolean }
  | { kind: 'index'; index: Index; ranges: Array<[Bound | null, Bound | null]>; reverse: boolean; est: number; ordered: boolean }
  | { kind: 'union'; plans: Plan[]; est: number; ordered: boolean };

export interface PlanTarget {
  size: number;
  indexes: Index[];
}

const MAX_COMBOS = 1000;

/** A value usable as an index point: a scalar or a date (not an object, array or RegExp). */
function point(v: unknown): KeyValue | undefined {
  return isPlainObject(v) || Array.isArray(v) ? undefined : toKeyValue(v);
}

function sameRange(fr: FieldRange, pts: KeyValue[]): void {
  const unique = [...pts].sort(compareParts).filter((p, i, a) => i === 0 || compareParts(a[i - 1] as KeyValue, p) !== 0);
  fr.points = fr.points ? fr.points.filter((p) => unique.some((q) => compareParts(p, q) === 0)) : unique;
}

function tighten(fr: FieldRange, side: 'lo' | 'hi', end: End): void {
  const cur = fr[side];
  if (!cur) {
    fr[side] = end;
    return;
  }
  const c = compareParts(end.part, cur.part);
  const tighter = side === 'lo' ? c > 0 || (c === 0 && !end.inclusive) : c < 0 || (c === 0 && !end.inclusive);
  if (tighter) fr[side] = end;
}

function addCondition(fields: Map<string, FieldRange>, field: string, cond: unknown): void {
  const fr = fields.get(field) ?? {};
  const p = point(cond);
  if (p !== undefined) sameRange(fr, [p]);
  else if (isPlainObject(cond) && Object.keys(cond).every((k) => k.startsWith('$'))) {
    for (const [op, v] of Object.entries(cond)) {
      if (op === '$eq') {
        const q = point(v);
        if (q !== undefined) sameRange(fr, [q]);
      } else if (op === '$in' && Array.isArray(v)) {
        const pts = v.map(point);
        if (pts.every((q) => q !== undefined)) sameRange(fr, pts as KeyValue[]);
      } else if (op === '$gt' || op === '$gte' || op === '$lt' || op === '$lte') {
        const q = point(v);
        if (q === undefined || q === null) continue;
        // Type bracketing (MongoDB and mingo): a number bound only matches numbers, and so on.
        const rank = rankOf(q);
        const isLo = op === '$gt' || op === '$gte';
        tighten(fr, isLo ? 'lo' : 'hi', { part: q, inclusive: op.endsWith('e') });
        tighten(fr, isLo ? 'hi' : 'lo', { part: new Edge(rank, isLo ? 1 : -1), inclusive: true });
      }
    }
  }
  if (fr.points || fr.lo || fr.hi) fields.set(field, fr);
}

function collect(query: Record<string, unknown>, into: Constraints): void {
  for (const [key, cond] of Object.entries(query)) {
    if (key === '$and' && Array.isArray(cond)) {
      for (const sub of cond) if (isPlainObject(sub)) collect(sub, into);
    } else if (key === '$or' && Array.isArray(cond)) into.ors.push(cond);
    else if (!key.startsWith('$')) addCondition(into.fields, key, cond);
  }
}

function within(p: KeyPart, fr: FieldRange): boolean {
  if (fr.lo) {
    const c = compareParts(p, fr.lo.part);
    if (c < 0 || (c === 0 && !fr.lo.inclusive)) return false;
  }
  if (fr.hi) {
    const c = compareParts(p, fr.hi.part);
    if (c > 0 || (c === 0 && !fr.hi.inclusive)) return false;
  }
  return true;
}

export function constraintsOf(query: Record<string, unknown> | undefined): Constraints {
  const out: Constraints = { fields: new Map(), ors: [] };
  if (query) collect(query, out);
  // Contradictory conditions leave an empty point list or an empty range: the plan then yields only
  // an index's side set, which is right, since an array field can satisfy both (`{a:[1,2]}` has a 1 and a 2).
  for (const fr of out.fields.values()) {
    if (!fr.points) continue;
    fr.points = fr.points.filter((p) => within(p, fr));
    delete fr.lo;
    delete fr.hi;
  }
  return out;
}

function indexPlan(index: Index, fields: Map<string, FieldRange>, sort: SortSpec): Plan | undefined {
  let combos: KeyPart[][] = [[]];
  let eq = 0;
  for (; eq < index.fields.length; eq++) {
    const pts = fields.get(index.fields[eq] as string)?.points;
    if (!pts || combos.length * pts.length > MAX_COMBOS) break;
    combos = combos.flatMap((c) => pts.map((p) => [...c, p]));
  }
  const next = eq < index.fields.length ? fields.get(index.fields[eq] as string) : undefined;
  const range = next && !next.points ? next : undefined;

  let ordered = sort.length === 0;
  let reverse = false;
  if (!ordered && index.side.size === 0) {
    // The ranges are walked in key order (each field's points are sorted, the combinations are in
    // lexicographic order), so the walk yields the index's order with the fields fixed to one
    // point left out. Entries with equal keys are kept in _id order: _id is an implicit last field.
    const fixed = index.fields.slice(0, eq).filter((f) => fields.get(f)?.points?.length === 1);
    const orderFields = [...index.fields.filter((f) => !fixed.includes(f)), ...(index.fields.at(-1) === '_id' ? [] : ['_id'])];
    const rest = sort.filter(([f]) => !fixed.includes(f));
    const dir = rest[0]?.[1] ?? 1;
    ordered = rest.every(([f, d], k) => d === dir && orderFields[k] === f);
    reverse = dir === -1;
  }
  if (eq === 0 && !range && (sort.length === 0 || !ordered)) return undefined;

  const bound = (c: KeyPart[], end: End | undefined): Bound | null =>
    end ? { parts: [...c, end.part], inclusive: end.inclusive } : c.length ? { parts: c, inclusive: true } : null;
  const ranges = combos.map((c): [Bound | null, Bound | null] => [bound(c, range?.lo), bound(c, range?.hi)]);
  const est = ranges.reduce((n, [lo, hi]) => n + index.countRange(lo, hi), 0) + index.side.size;
  return { kind: 'index', index, ranges, reverse, est, ordered };
}

/**
 * The cheapest plan. `want` is skip + limit when a page is asked for: a plan that yields documents
 * already in the requested order can stop after that many matches, the others must find all matches
 * and sort them.
 */
export function planQuery(query: Record<string, unknown> | undefined, target: PlanTarget, sort: SortSpec, want?: number): Plan {
  const c = constraintsOf(query);
  const plans: Plan[] = [{ kind: 'scan', est: target.size, ordered: sort.length === 0 }];
  const ids = c.fields.get('_id')?.points;
  if (ids && ids.every((p): p is string => typeof p === 'string')) {
    const byId: Plan = { kind: 'ids', ids, est: ids.length, ordered: sort.length === 0 || ids.length <= 1 };
    if (byId.ordered) return byId; // nothing beats looking the documents up by _id
    plans.push(byId);
  }
  for (const index of target.indexes) {
    const p = indexPlan(index, c.fields, sort);
    if (p) plans.push(p);
  }
  for (const branches of c.ors) {
    const subs = branches.map((b) => (isPlainObject(b) ? planQuery(b, target, []) : undefined));
    if (subs.every((s): s is Plan => !!s && s.kind !== 'scan')) {
      plans.push({ kind: 'union', plans: subs, est: subs.reduce((n, s) => n + s.est, 0), ordered: sort.length === 0 });
    }
  }
  const fewest = Math.max(1, Math.min(...plans.map((p) => p.est)));
  const cost = (p: Plan) =>
    p.ordered && want !== undefined ? Math.min(p.est, (want * p.est) / fewest) : p.est * (p.ordered ? 1 : 2);
  return plans.reduce((best, p) => (cost(p) <= cost(best) ? p : best));
}

/** Candidate ids of a plan, in the plan's order; may repeat none, may include non-matching ids. */
export function* candidateIds(plan: Plan, all: () => Iterable<string>): Generator<string> {
  switch (plan.kind) {
    case 'scan':
      yield* all();
      return;
    case 'ids':
      yield* plan.ids;
      return;
    case 'index': {
      const ranges = plan.reverse ? [...plan.ranges].reverse() : plan.ranges;
      for (const [lo, hi] of ranges) yield* plan.index.ids(lo, hi, plan.reverse);
      yield* plan.index.side;
      return;
    }
    case 'union': {
      const seen = new Set<string>();
      for (const sub of plan.plans) {
        for (const id of candidateIds(sub, all)) {
          if (!seen.has(id)) {
            seen.add(id);
            yield id;
          }
        }
      }
    }
  }
}
