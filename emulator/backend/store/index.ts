// One secondary index of a collection: entries (key of the indexed fields, _id) in a sorted list,
// plus a side set of documents whose indexed fields hold arrays or objects (MongoDB would need a
// multikey index for those). Plans always add the side set to their candidates, so an index can
// only narrow the documents mingo looks at, never change what matches.
import type { Doc } from '../ejson';
import { compareParts, encodeKey, keyAtPath, lowerLimit, upperLimit, type Bound, type KeyValue } from './keys';
import { compareEntries, SortedList, type Entry } from './sortedList';

/** Between an entry's encoded key and its _id: below every character that can follow a complete key part. */
const ID_SEPARATOR = '\u0001';

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

  /** The values of the indexed fields, or undefined when one cannot be ordered (an array, an object…). */
  partsOf(doc: Doc): KeyValue[] | undefined {
    const parts: KeyValue[] = [];
    for (const f of this.spec.fields) {
      const v = keyAtPath(doc, f);
      if (v === undefined) return undefined;
      parts.push(v);
    }
    return parts;
  }

  /** The document's encoded key (./keys.ts), or undefined when it belongs in the side set. */
  keyOf(doc: Doc): string | undefined {
    const parts = this.partsOf(doc);
    return parts && encodeKey(parts);
  }

  private entryKey(key: string, id: string): string {
    return key + ID_SEPARATOR + id;
  }

  add(doc: Doc): void {
    this.place(this.keyOf(doc), doc._id);
  }

  remove(doc: Doc): void {
    this.unplace(this.keyOf(doc), doc._id);
  }

  private place(key: string | undefined, id: string): void {
    if (key === undefined) this.side.add(id);
    else this.list.add(this.entryKey(key, id), id);
  }

  private unplace(key: string | undefined, id: string): void {
    if (key === undefined) this.side.delete(id);
    else this.list.delete(this.entryKey(key, id));
  }

  /** A document replaced by a new version: its entry moves only when its key changed (nothing is encoded otherwise). */
  replace(prev: Doc, doc: Doc): void {
    const before = this.partsOf(prev);
    const after = this.partsOf(doc);
    if (before === undefined && after === undefined) return; // stays in the side set
    if (before && after && before.every((part, i) => compareParts(part, after[i] as KeyValue) === 0)) return;
    this.unplace(before && encodeKey(before), prev._id);
    this.place(after && encodeKey(after), doc._id);
  }

  /** Indexes all of `docs` at once (loading a data folder); E11000 if a unique key repeats. */
  build(docs: Iterable<Doc>): void {
    const entries: Entry[] = [];
    this.side.clear();
    for (const d of docs) {
      const key = this.keyOf(d);
      if (key === undefined) this.side.add(d._id);
      else entries.push({ key: this.entryKey(key, d._id), id: d._id });
    }
    entries.sort(compareEntries);
    if (this.spec.unique) {
      const keyPart = (e: Entry) => e.key.slice(0, e.key.length - e.id.length - ID_SEPARATOR.length);
      for (let i = 1; i < entries.length; i++) {
        const e = entries[i] as Entry;
        if (keyPart(e) === keyPart(entries[i - 1] as Entry)) {
          const doc = [...docs].find((d) => d._id === e.id) as Doc;
          throw this.duplicate(this.partsOf(doc) as KeyValue[]);
        }
      }
    }
    this.list.load(entries);
  }

  private duplicate(parts: KeyValue[]): DuplicateKeyError {
    const shown = this.spec.fields.map((f, i) => `${f}: ${JSON.stringify(parts[i])}`).join(', ');
    return new DuplicateKeyError(
      `[FailedOperation] E11000 duplicate key error collection: ${this.collection} index: ${this.name} dup key: { ${shown} }`,
    );
  }

  /** Throws the E11000 error MongoDB gives when `doc` would repeat another document's key. */
  checkUnique(doc: Doc): void {
    if (!this.spec.unique) return;
    const key = this.keyOf(doc);
    if (key === undefined) return;
    for (const id of this.list.range(key, key + '\uffff')) if (id !== doc._id) throw this.duplicate(this.partsOf(doc) as KeyValue[]);
  }

  countRange(lo: Bound | null, hi: Bound | null): number {
    return this.list.countRange(lo && lowerLimit(lo), hi && upperLimit(hi));
  }

  ids(lo: Bound | null, hi: Bound | null, reverse: boolean): Generator<string> {
    return this.list.range(lo && lowerLimit(lo), hi && upperLimit(hi), reverse);
  }
}
