// One secondary index of a collection: entries (key of the indexed fields, _id) in a sorted list,
// plus a side set of documents whose indexed fields hold arrays or objects (MongoDB would need a
// multikey index for those). Plans always add the side set to their candidates, so an index can
// only narrow the documents mingo looks at, never change what matches.
import type { Doc } from '../ejson';
import { compareParts, keyAtPath, type KeyPart, type KeyValue } from './keys';
import { compareEntries, SortedList, type Bound, type Entry } from './sortedList';

export interface IndexSpec {
  fields: string[];
  unique?: boolean;
  /** As declared (IndexName); default MongoDB's `field_1_other_1`. */
  name?: string;
}

/** An index added at run time: a list of fields, or `{ fields, unique }`. */
export type IndexFields = string[] | IndexSpec;

export function normalizeSpec(d: IndexFields): IndexSpec {
  const spec = Array.isArray(d) ? { fields: d } : d;
  if (!Array.isArray(spec.fields) || spec.fields.length === 0 || !spec.fields.every((f) => typeof f === 'string' && f.length > 0)) {
    throw new Error(`an index needs a non-empty list of field names, got ${JSON.stringify(d)}`);
  }
  return { fields: [...spec.fields], unique: spec.unique === true, ...(spec.name ? { name: spec.name } : {}) };
}

/** What makes two indexes the same index: their fields (MongoDB's default name for them). */
export function indexKey(spec: IndexSpec): string {
  return spec.fields.map((f) => `${f}_1`).join('_');
}

export class DuplicateKeyError extends Error {}

export class Index {
  readonly name: string;
  readonly list = new SortedList();
  /** Ids of documents that cannot be placed in key order. */
  readonly side = new Set<string>();

  constructor(
    readonly collection: string,
    readonly spec: IndexSpec,
  ) {
    this.name = spec.name ?? indexKey(spec);
  }

  get fields(): string[] {
    return this.spec.fields;
  }

  keyOf(doc: Doc): KeyValue[] | undefined {
    const key: KeyValue[] = [];
    for (const f of this.spec.fields) {
      const v = keyAtPath(doc, f);
      if (v === undefined) return undefined;
      key.push(v);
    }
    return key;
  }

  add(doc: Doc): void {
    const key = this.keyOf(doc);
    if (key) this.list.add({ key, id: doc._id });
    else this.side.add(doc._id);
  }

  remove(doc: Doc): void {
    const key = this.keyOf(doc);
    if (key) this.list.delete({ key, id: doc._id });
    else this.side.delete(doc._id);
  }

  /** A document replaced by a new version: its entry moves only when its key changed. */
  replace(prev: Doc, doc: Doc): void {
    const before = this.keyOf(prev);
    const after = this.keyOf(doc);
    if (before === undefined && after === undefined) return; // stays in the side set
    if (before && after && before.every((part, i) => compareParts(part, after[i] as KeyValue) === 0)) return;
    this.remove(prev);
    this.add(doc);
  }

  /** Indexes all of `docs` at once (loading a data folder); E11000 if a unique key repeats. */
  build(docs: Iterable<Doc>): void {
    const entries: Entry[] = [];
    this.side.clear();
    for (const d of docs) {
      const key = this.keyOf(d);
      if (key) entries.push({ key, id: d._id });
      else this.side.add(d._id);
    }
    entries.sort(compareEntries);
    if (this.spec.unique) {
      for (let i = 1; i < entries.length; i++) {
        const e = entries[i] as Entry;
        if (compareEntries({ key: e.key, id: '' }, { key: (entries[i - 1] as Entry).key, id: '' }) === 0) throw this.duplicate(e.key);
      }
    }
    this.list.load(entries);
  }

  private duplicate(key: KeyPart[]): DuplicateKeyError {
    const shown = this.spec.fields.map((f, i) => `${f}: ${JSON.stringify(key[i])}`).join(', ');
    return new DuplicateKeyError(
      `[FailedOperation] E11000 duplicate key error collection: ${this.collection} index: ${this.name} dup key: { ${shown} }`,
    );
  }

  /** Throws the E11000 error MongoDB gives when `doc` would repeat another document's key. */
  checkUnique(doc: Doc): void {
    if (!this.spec.unique) return;
    const key = this.keyOf(doc);
    if (!key) return;
    const bound: Bound = { parts: key, inclusive: true };
    for (const e of this.list.range(bound, bound)) if (e.id !== doc._id) throw this.duplicate(key);
  }

  countRange(lo: Bound | null, hi: Bound | null): number {
    return this.list.countRange(lo, hi);
  }

  *ids(lo: Bound | null, hi: Bound | null, reverse: boolean): Generator<string> {
    for (const e of this.list.range(lo, hi, reverse)) yield e.id;
  }
}
