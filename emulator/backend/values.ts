// Value helpers that hold across JS realms: jest runs this code in a sandbox whose Date differs from
// the one Node's structuredClone creates, so type checks use node:util and copies are made here.
import { types } from 'node:util';

export const isDate = (v: unknown): v is Date => types.isDate(v);
export const isRegExp = (v: unknown): v is RegExp => types.isRegExp(v);

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !isDate(v) && !isRegExp(v);
}

/** A deep copy of a stored value (objects, arrays, dates, regular expressions, scalars). */
export function clone<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(clone) as T;
  if (isDate(v)) return new Date(v.getTime()) as T;
  if (isRegExp(v)) return new RegExp(v.source, v.flags) as T;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) out[k] = clone((v as Record<string, unknown>)[k]);
  return out as T;
}
