// The database: named collections in memory, persisted as a data log (./log.ts). Every change goes
// through `write`, which applies a batch of operations, undoes all of them if any fails (so a
// request or a transaction commit is all-or-nothing) and appends the batch as one log line.
import type { Doc } from '../ejson';
import { Collection } from './collection';
import { DuplicateKeyError, type IndexSpec, indexKey, normalizeSpec } from './index';
import { DataLog, type Op } from './log';

export class CollectionMissingError extends Error {
  constructor(readonly collection: string) {
    super(`Db or Table not exist: ${collection}`);
  }
}

/** MongoDB's error for an `_id` that is taken (the SDK turns it into errCode -502001). */
export function duplicateIdError(collection: string, id: string): DuplicateKeyError {
  return new DuplicateKeyError(
    `[FailedOperation] E11000 duplicate key error collection: ${collection} index: _id_ dup key: { _id: ${JSON.stringify(id)} }`,
  );
}

export interface Writer {
  /** Adds a new document; E11000 when its _id (or a unique key) is taken. */
  insert(collection: string, doc: Doc): void;
  /** Inserts or replaces the document with this _id. */
  put(collection: string, doc: Doc): void;
  /** Removes a document; false when there was none. */
  del(collection: string, id: string): boolean;
}

/** Told of a committed change: the collection, the document's _id and its version before (undefined: it was absent). */
export type ChangeListener = (collection: string, id: string, prev: Doc | undefined) => void;

export interface StoreOptions {
  /** The data log; null keeps everything in memory. */
  file: string | null;
  /** Indexes that every collection of that name gets, now and whenever it is (re)created. */
  indexes?: ReadonlyMap<string, IndexSpec[]>;
}

export class Store {
  private readonly cols = new Map<string, Collection>();
  private readonly declared = new Map<string, IndexSpec[]>();
  /** Indexes added at run time (ensureIndex): persisted in the log, dropped by wipe. */
  private readonly ensured = new Map<string, IndexSpec[]>();
  private readonly listeners: ChangeListener[] = [];
  private log: DataLog | null = null;

  constructor(options: StoreOptions) {
    for (const [name, list] of options.indexes ?? []) this.declared.set(name, list);
    if (!options.file) return;
    let ops = 0;
    const { log } = DataLog.open(options.file, (batch) => {
      ops += batch.length;
      for (const op of batch) this.replay(op);
    });
    this.log = log;
    for (const c of this.cols.values()) c.rebuildIndexes();
    let docs = 0;
    for (const c of this.cols.values()) docs += c.docs.size;
    if (ops > 2 * (docs + this.cols.size) + 1000) this.compact();
  }

  private replay(op: Op): void {
    switch (op.o) {
      case 'create':
        this.addCollection(op.c);
        return;
      case 'index':
        this.addIndex(op.c, normalizeSpec(op.s));
        return;
      case 'put':
        this.mustGet(op.c).load(op.d as Doc);
        return;
      case 'del':
        this.mustGet(op.c).load(op.id);
    }
  }

  names(): string[] {
    return [...this.cols.keys()].sort();
  }

  get(name: string): Collection | undefined {
    return this.cols.get(name);
  }

  mustGet(name: string): Collection {
    const c = this.cols.get(name);
    if (!c) throw new CollectionMissingError(name);
    return c;
  }

  /** Creates a collection; false when it already exists. */
  create(name: string): boolean {
    if (this.cols.has(name)) return false;
    this.addCollection(name);
    this.log?.append([{ o: 'create', c: name }]);
    return true;
  }

  private addCollection(name: string): void {
    this.cols.set(name, new Collection(name, [...(this.declared.get(name) ?? []), ...(this.ensured.get(name) ?? [])]));
  }

  /** Adds an index to a collection (kept across restarts until wiped); applies at once if the collection exists. */
  ensureIndex(name: string, spec: IndexSpec): void {
    if (this.addIndex(name, spec)) this.log?.append([{ o: 'index', c: name, s: spec }]);
  }

  private addIndex(name: string, spec: IndexSpec): boolean {
    const known = [...(this.declared.get(name) ?? []), ...(this.ensured.get(name) ?? [])];
    const isNew = !known.some((s) => indexKey(s) === indexKey(spec));
    if (isNew) this.ensured.set(name, [...(this.ensured.get(name) ?? []), spec]);
    this.cols.get(name)?.ensureIndex(spec);
    return isNew;
  }

  /** Registers the listener told of every committed change with the document's previous version (transactions' snapshots). */
  onChange(listener: ChangeListener): void {
    this.listeners.push(listener);
  }

  write<T>(fn: (w: Writer) => T): T {
    const batch = new Batch(this);
    try {
      const result = fn(batch);
      this.log?.append(batch.ops);
      for (const listener of this.listeners) for (const [c, id, prev] of batch.changes) listener(c, id, prev);
      return result;
    } catch (error) {
      batch.undo();
      throw error;
    }
  }

  /** Drops every collection and every run-time index; declared indexes stay declared. */
  wipe(): void {
    this.cols.clear();
    this.ensured.clear();
    this.log?.truncate();
  }

  /** Rewrites the log as the current state (temp file + rename). */
  compact(): void {
    if (!this.log) return;
    const self = this;
    this.log.rewrite(
      (function* (): Generator<Op[]> {
        for (const [name, specs] of self.ensured) {
          if (!self.cols.has(name)) yield specs.map((s): Op => ({ o: 'index', c: name, s }));
        }
        for (const [name, col] of self.cols) {
          yield [{ o: 'create', c: name }, ...(self.ensured.get(name) ?? []).map((s): Op => ({ o: 'index', c: name, s }))];
          let batch: Op[] = [];
          for (const d of col.docs.values()) {
            batch.push({ o: 'put', c: name, d });
            if (batch.length === 100) {
              yield batch;
              batch = [];
            }
          }
          if (batch.length) yield batch;
        }
      })(),
    );
  }

  close(): void {
    this.log?.close();
    this.log = null;
  }
}

/** The operations of one write; each change keeps the document's previous version, which is also what undoes it. */
class Batch implements Writer {
  readonly ops: Op[] = [];
  readonly changes: Array<[string, string, Doc | undefined]> = [];

  constructor(private readonly store: Store) {}

  insert(c: string, doc: Doc): void {
    if (this.store.mustGet(c).get(doc._id)) throw duplicateIdError(c, doc._id);
    this.put(c, doc);
  }

  put(c: string, doc: Doc): void {
    const prev = this.store.mustGet(c).put(doc);
    this.ops.push({ o: 'put', c, d: doc });
    this.changes.push([c, doc._id, prev]);
  }

  del(c: string, id: string): boolean {
    const prev = this.store.mustGet(c).del(id);
    if (!prev) return false;
    this.ops.push({ o: 'del', c, id });
    this.changes.push([c, id, prev]);
    return true;
  }

  undo(): void {
    for (let i = this.changes.length - 1; i >= 0; i--) {
      const [c, id, prev] = this.changes[i] as [string, string, Doc | undefined];
      const col = this.store.mustGet(c);
      if (prev) col.put(prev);
      else col.del(id);
    }
  }
}
