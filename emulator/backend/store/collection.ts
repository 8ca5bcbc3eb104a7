// A collection in memory: documents by _id, its indexes, and queries answered by mingo over the
// candidates a plan picks. Documents held here are never handed out for mutation: writers replace
// whole documents through put/del (the Store records undo and log entries around them).
import { Query } from 'mingo/query';
import type { Doc } from '../ejson';
import { Index, type IndexSpec, indexKey } from './index';
import { compile } from './match';
import { PIPELINE_OPTIONS } from './operators';
import { candidateIds, planQuery, type Plan, type SortSpec } from './planner';

export type Filter = Record<string, unknown>;

export interface FindOptions {
  sort?: SortSpec;
  skip?: number;
  limit?: number;
}

/** What a plan used, for tests and benchmarks that check queries are served from indexes. */
export interface Explain {
  kind: Plan['kind'];
  index?: string;
  estimated: number;
  /** The plan yields documents in the requested order: no sort, and a page stops early. */
  ordered: boolean;
}

/** Sorts (the way mingo orders values), then skips and limits. */
export function sortPage(docs: Doc[], sort: SortSpec, skip = 0, limit = Infinity): Doc[] {
  let cursor = new Query({}, PIPELINE_OPTIONS).find(docs);
  if (sort.length > 0) cursor = cursor.sort(Object.fromEntries(sort) as Record<string, 1 | -1>);
  return cursor.skip(skip).limit(limit).all() as Doc[];
}

export class Collection {
  readonly docs = new Map<string, Doc>();
  readonly indexes: Index[] = [];

  constructor(
    readonly name: string,
    specs: IndexSpec[],
  ) {
    this.ensureIndex({ fields: ['_id'] });
    for (const s of specs) this.ensureIndex(s);
  }

  /** Adds an index (no-op when one with the same fields exists); returns whether it was new. */
  ensureIndex(spec: IndexSpec): boolean {
    const key = indexKey(spec);
    if (this.indexes.some((i) => indexKey(i.spec) === key)) return false;
    const index = new Index(this.name, spec);
    index.build(this.docs.values());
    this.indexes.push(index);
    return true;
  }

  /** Loading: documents go in without index upkeep; `rebuildIndexes` sorts each index once at the end. */
  load(doc: Doc | string): void {
    if (typeof doc === 'string') this.docs.delete(doc);
    else this.docs.set(doc._id, doc);
  }

  rebuildIndexes(): void {
    for (const i of this.indexes) i.build(this.docs.values());
  }

  get(id: string): Doc | undefined {
    return this.docs.get(id);
  }

  /** Stores `doc` (insert or replace); throws E11000 on a unique-index clash and then changes nothing. */
  put(doc: Doc): Doc | undefined {
    for (const i of this.indexes) i.checkUnique(doc);
    const prev = this.docs.get(doc._id);
    this.docs.set(doc._id, doc);
    for (const i of this.indexes) {
      if (prev) i.replace(prev, doc);
      else i.add(doc);
    }
    return prev;
  }

  del(id: string): Doc | undefined {
    const prev = this.docs.get(id);
    if (!prev) return undefined;
    for (const i of this.indexes) i.remove(prev);
    this.docs.delete(id);
    return prev;
  }

  private plan(filter: Filter | undefined, sort: SortSpec, want?: number): Plan {
    return planQuery(filter, { size: this.docs.size, indexes: this.indexes }, sort, want);
  }

  explain(filter?: Filter, options: FindOptions = {}): Explain {
    const want = options.limit === undefined ? undefined : (options.skip ?? 0) + options.limit;
    const p = this.plan(filter, options.sort ?? [], want);
    return { kind: p.kind, index: p.kind === 'index' ? p.index.name : undefined, estimated: p.est, ordered: p.ordered };
  }

  /** Matching documents in sort order, skipping and limiting like the cloud (skip still scans). */
  find(filter?: Filter, options: FindOptions = {}): Doc[] {
    const sort = options.sort ?? [];
    const skip = options.skip ?? 0;
    const limit = options.limit ?? Infinity;
    const want = Number.isFinite(limit) ? skip + limit : undefined;
    const plan = this.plan(filter, sort, want);
    const matches = compile(filter);
    const out: Doc[] = [];
    const ids = candidateIds(plan, () => this.docs.keys());
    if (plan.ordered) {
      let skipped = 0;
      for (const id of ids) {
        const d = this.docs.get(id);
        if (!d || !matches(d)) continue;
        if (skipped < skip) skipped++;
        else if (out.push(d) >= limit) break;
      }
      return out;
    }
    for (const id of ids) {
      const d = this.docs.get(id);
      if (d && matches(d)) out.push(d);
    }
    return sortPage(out, sort, skip, limit);
  }

  count(filter?: Filter): number {
    if (!filter || Object.keys(filter).length === 0) return this.docs.size;
    const matches = compile(filter);
    let n = 0;
    for (const id of candidateIds(this.plan(filter, []), () => this.docs.keys())) {
      const d = this.docs.get(id);
      if (d && matches(d)) n++;
    }
    return n;
  }
}
