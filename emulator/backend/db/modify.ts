// How one document changes under the SDK's write shapes: `set` replaces, `update` applies Mongo
// update operators (evaluated by mingo), `add` validates and fills `_id`. Pure: nothing is stored here.
import crypto from 'node:crypto';
import type { Doc } from '../ejson';
import { clone, isDate, isPlainObject, isRegExp } from '../values';
import { UPDATE_OPERATORS } from './updateOperators';

/** A request the cloud would refuse; `code` is the CloudBase error code the SDK maps to an errCode. */
export class DbFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const invalid = (message: string) => new DbFailure('DATABASE_REQUEST_FAILED', message);

/** A new `_id` shaped like the cloud's: 32 lowercase hex characters. */
export function newId(): string {
  return crypto.randomBytes(16).toString('hex');
}

function checkFieldNames(doc: Record<string, unknown>): void {
  for (const k of Object.keys(doc)) {
    if (k.startsWith('$')) throw invalid(`The dollar ($) prefixed field '${k}' is not valid for storage.`);
  }
}

/** A document for insertion: an object with a string `_id` (generated when absent). */
export function toNewDoc(value: unknown, id?: string): Doc {
  if (!isPlainObject(value)) throw invalid('document must be an object');
  checkFieldNames(value);
  const given = value._id ?? id;
  if (given !== undefined && typeof given !== 'string') throw invalid('a number _id is not emulated: this emulator stores string _id values only');
  return { ...value, _id: given ?? newId() } as Doc;
}

/** The update operators of `data`; plain top-level fields (if a client sends any) are treated as `$set`. */
function modifierOf(data: unknown): Record<string, Record<string, unknown>> {
  if (!isPlainObject(data)) throw invalid('update data must be an object');
  const modifier: Record<string, Record<string, unknown>> = {};
  for (const [k, v] of Object.entries(data)) {
    if (k.startsWith('$')) {
      if (!isPlainObject(v)) throw new DbFailure('DATABASE_INVALID_OPERRATOR', `${k} needs an object of fields`);
      modifier[k] = { ...(modifier[k] ?? {}), ...v };
    } else modifier.$set = { ...(modifier.$set ?? {}), [k]: v };
  }
  return modifier;
}

// mingo ignores $sort/$slice/$position of $push when the array does not exist yet (MongoDB applies
// them to the new array): start such fields as [] first.
function seedPushTargets(doc: Record<string, unknown>, push: Record<string, unknown> | undefined): void {
  for (const [path, v] of Object.entries(push ?? {})) {
    if (!isPlainObject(v) || !('$each' in v)) continue;
    const parts = path.split('.');
    let o: Record<string, unknown> = doc;
    for (const part of parts.slice(0, -1)) {
      if (o[part] === undefined) o[part] = {};
      if (!isPlainObject(o[part])) return;
      o = o[part] as Record<string, unknown>;
    }
    const last = parts[parts.length - 1] as string;
    if (o[last] === undefined) o[last] = [];
  }
}

const isContainer = (v: unknown): v is Record<string, unknown> | unknown[] => Array.isArray(v) || isPlainObject(v);
const shallow = (v: Record<string, unknown> | unknown[]) => (Array.isArray(v) ? [...v] : { ...v });

/** The dotted paths an update writes, or undefined when one is positional (`a.$.b`, `a.$[i]`): those need a whole copy. */
function writtenPaths(modifier: Record<string, Record<string, unknown>>): string[][] | undefined {
  const paths: string[][] = [];
  for (const [op, fields] of Object.entries(modifier)) {
    for (const [path, value] of Object.entries(fields)) {
      paths.push(path.split('.'));
      if (op === '$rename' && typeof value === 'string') paths.push(value.split('.'));
    }
  }
  return paths.some((p) => p.some((segment) => segment.includes('$'))) ? undefined : paths;
}

/**
 * A copy of `doc` that mingo's update operators may change in place: every object and array along
 * the written paths is copied, everything else is shared with the stored version (stored documents
 * are never changed in place, so they can share). undefined when a path runs through an array by
 * field name (mingo would write into each element): then the caller copies the whole document.
 */
function copyAlong(doc: Doc, paths: string[][]): Doc | undefined {
  const root: Record<string, unknown> = { ...doc };
  for (const path of paths) {
    let cur: Record<string, unknown> | unknown[] = root;
    for (let i = 0; i < path.length; i++) {
      const segment = path[i] as string;
      if (Array.isArray(cur) && !/^\d+$/.test(segment)) return undefined;
      const parent = cur as Record<string, unknown>;
      const v = parent[segment];
      if (!isContainer(v)) break; // missing or a scalar: mingo puts new values there
      const copy = shallow(v);
      parent[segment] = copy;
      cur = copy;
    }
  }
  return root as Doc;
}

/**
 * Update operators compiled once for many documents (a `where().update()` of a page): each call
 * answers the document after the update, or undefined when nothing changed.
 */
export function compileUpdate(data: unknown): (doc: Doc) => Doc | undefined {
  const modifier = modifierOf(data);
  const paths = writtenPaths(modifier);
  let appliers: Array<(doc: Record<string, unknown>) => string[]>;
  try {
    appliers = Object.entries(modifier).map(([op, expr]) => {
      const operator = UPDATE_OPERATORS[op];
      if (!operator) throw new DbFailure('DATABASE_INVALID_OPERRATOR', `Unknown update operator: '${op}'.`);
      return operator(expr);
    });
  } catch (error) {
    throw asDbFailure(error);
  }
  return (doc) => {
    const copy = (paths && copyAlong(doc, paths)) ?? clone(doc);
    seedPushTargets(copy, modifier.$push);
    let changed = false;
    try {
      for (const apply of appliers) if (apply(copy).length > 0) changed = true;
    } catch (error) {
      throw asDbFailure(error);
    }
    if (copy._id !== doc._id) throw invalid("Performing an update on the path '_id' would modify the immutable field '_id'");
    return changed ? copy : undefined;
  };
}

/** mingo's errors (bad arguments, unknown operators) as the CloudBase failures the SDK reports. */
function asDbFailure(error: unknown): DbFailure {
  if (error instanceof DbFailure) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new DbFailure(/operator/i.test(message) ? 'DATABASE_INVALID_OPERRATOR' : 'DATABASE_REQUEST_FAILED', message);
}

/** The document after applying update operators, or undefined when nothing changed. */
export function applyUpdate(doc: Doc, data: unknown): Doc | undefined {
  return compileUpdate(data)(doc);
}

/** A whole new document for `doc(id).set()`. */
export function replacement(id: string, data: unknown): Doc {
  if (!isPlainObject(data)) throw invalid('set data must be an object');
  if ('_id' in data && data._id !== id) throw invalid("the _id field cannot be changed");
  return toNewDoc({ ...data, _id: id });
}

/** A new document from an upserting update: the query's plain equality fields, then the update. */
export function upserted(query: Record<string, unknown>, data: unknown): Doc {
  const base: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(query)) {
    if (!k.startsWith('$') && !k.includes('.') && !isPlainObject(v) && !isRegExp(v)) base[k] = v;
  }
  const doc = toNewDoc(base);
  return applyUpdate(doc, data) ?? doc;
}

/** Deep equality of stored values (for "did `set` change anything"). */
export function sameDoc(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (isDate(a) || isDate(b)) return isDate(a) && isDate(b) && a.getTime() === b.getTime();
  if (isRegExp(a) || isRegExp(b)) return String(a) === String(b);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return Number.isNaN(a) && Number.isNaN(b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => sameDoc((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
