// Direct access to the database for tests, seeding and the demo: JS values (Dates) in and out, no
// HTTP, no page limits, no instrumentation. Collections are created on first insert; reading a
// collection that does not exist gives nothing rather than an error.
import type { Doc } from '../ejson';
import type { Explain, Filter } from '../store/collection';
import { normalizeSpec, type IndexFields } from '../store/index';
import type { Store } from '../store/store';
import { removeMatching, updateMatching } from './bulk';
import { toNewDoc } from './modify';
import { clone } from '../values';

export interface DirectFindOptions {
  sort?: Record<string, 1 | -1>;
  skip?: number;
  limit?: number;
}

export interface BackendDb {
  collections(): string[];
  /** Creates a collection (no-op when it exists). */
  createCollection(name: string): void;
  find(name: string, query?: Filter, options?: DirectFindOptions): Doc[];
  count(name: string, query?: Filter): number;
  /** Inserts documents (ids generated when absent), creating the collection; returns the ids. */
  insert(name: string, docs: Record<string, unknown> | Array<Record<string, unknown>>): string[];
  /**
   * What a mini-program's `wx.cloud.database().collection(name).add({ data })` stores while the
   * collection's security rules let clients write: the document as given, stamped by the platform
   * with `_openid`, the writing user's OPENID (the client cannot choose it). The client API creates
   * no collection: a missing one is an error. Returns the id.
   */
  clientAdd(name: string, openid: string, doc: Record<string, unknown>): string;
  /** Applies Mongo update operators to every match; returns how many documents changed. */
  update(name: string, query: Filter, update: Record<string, unknown>): number;
  /** Removes every match; returns how many. */
  remove(name: string, query: Filter): number;
  /** Adds an index to a collection (now, or when it is created); kept across restarts until wiped. */
  ensureIndex(name: string, index: IndexFields): void;
  /** Which plan a query would use: tests and benchmarks check that queries hit an index. */
  explain(name: string, query?: Filter, options?: DirectFindOptions): Explain;
  /** Drops every collection (and the simulated WeChat state, via Backend). */
  wipe(): void;
  /** Rewrites the data log as a snapshot of the current state. */
  compact(): void;
}

const sortSpec = (o: DirectFindOptions) => Object.entries(o.sort ?? {}).map(([f, d]): [string, 1 | -1] => [f, d < 0 ? -1 : 1]);

export function directDb(store: Store, wipeAll: () => void): BackendDb {
  return {
    collections: () => store.names(),
    createCollection: (name) => void store.create(name),
    find: (name, query, options = {}) =>
      clone(store.get(name)?.find(query, { sort: sortSpec(options), skip: options.skip, limit: options.limit }) ?? []),
    count: (name, query) => store.get(name)?.count(query) ?? 0,
    insert: (name, docs) => {
      store.create(name);
      const list = (Array.isArray(docs) ? docs : [docs]).map((d) => toNewDoc(clone(d)));
      store.write((w) => list.forEach((d) => w.insert(name, d)));
      return list.map((d) => d._id);
    },
    clientAdd: (name, openid, doc) => {
      if (!store.get(name)) throw new Error(`collection ${name} does not exist: a client cannot create one`);
      const stored = toNewDoc({ ...clone(doc), _openid: openid });
      store.write((w) => w.insert(name, stored));
      return stored._id;
    },
    update: (name, query, update) => (store.get(name) ? updateMatching(store, name, query, clone(update)) : 0),
    remove: (name, query) => (store.get(name) ? removeMatching(store, name, query) : 0),
    ensureIndex: (name, index) => store.ensureIndex(name, normalizeSpec(index)),
    explain: (name, query, options = {}) =>
      store.get(name)?.explain(query, { sort: sortSpec(options), skip: options.skip, limit: options.limit }) ?? { kind: 'scan', estimated: 0, ordered: true },
    wipe: wipeAll,
    compact: () => store.compact(),
  };
}
