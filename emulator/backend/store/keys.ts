// Index keys: the scalar values an index can order, compared the way mingo sorts them, so that a
// scan in index order returns documents in the order `sort` would (mingo, like MongoDB, orders
// null/missing < numbers < strings < booleans < dates and compares strings by UTF-16 code units).

import { isDate } from '../values';

/** A value an index can hold. Missing fields are indexed as null ("a missing field counts as null"). */
export type KeyValue = null | number | string | boolean | Date;

/** A bound before (side -1) or after (side +1) every value of one type: used for type-bracketed ranges. */
export class Edge {
  constructor(
    readonly rank: number,
    readonly side: -1 | 1,
  ) {}
}

export type KeyPart = KeyValue | Edge;

/** Type order; arrays and objects are not indexable and live in an index's side set instead. */
export function rankOf(v: KeyPart): number {
  if (v instanceof Edge) return v.rank;
  if (v === null) return 1;
  switch (typeof v) {
    case 'number':
      return 2;
    case 'string':
      return 3;
    case 'boolean':
      return 8;
    default:
      return 9; // Date
  }
}

export function compareParts(a: KeyPart, b: KeyPart): number {
  // Fast path for the common case of two strings or two numbers.
  const ta = typeof a;
  if (ta === typeof b && (ta === 'string' || ta === 'number')) return a! < b! ? -1 : a! > b! ? 1 : 0;
  const ra = rankOf(a);
  const rb = rankOf(b);
  if (ra !== rb) return ra - rb;
  if (a instanceof Edge) return b instanceof Edge ? a.side - b.side : a.side;
  if (b instanceof Edge) return -b.side;
  if (a === b || a === null) return 0;
  if (ra === 9) return (a as Date).getTime() - (b as Date).getTime();
  const x = a as number | string | boolean;
  const y = b as number | string | boolean;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The index key of a value, or undefined when the value cannot be indexed (array, object, NaN, RegExp…). */
export function toKeyValue(v: unknown): KeyValue | undefined {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'number':
      return Number.isNaN(v) ? undefined : v;
    case 'string':
    case 'boolean':
      return v;
    default:
      return isDate(v) && !Number.isNaN(v.getTime()) ? v : undefined;
  }
}

/**
 * The value at a dotted path for indexing: null when absent, undefined when the path crosses or ends
 * in something an index cannot order (an array would need a multikey index).
 */
export function keyAtPath(doc: Record<string, unknown>, path: string): KeyValue | undefined {
  let cur: unknown = doc;
  for (const part of path.split('.')) {
    if (Array.isArray(cur)) return undefined;
    if (cur === null || typeof cur !== 'object' || isDate(cur)) return null;
    cur = (cur as Record<string, unknown>)[part];
  }
  return Array.isArray(cur) ? undefined : toKeyValue(cur);
}
