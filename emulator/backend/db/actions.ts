// The database actions wx-server-sdk 4.0.2 sends (captured from the real SDK, see docs/backend.md),
// translated to store operations. Each handler is synchronous, so one request is atomic with respect
// to every other; answers are the `data` the SDK expects (transaction actions answer at top level).
import type { Clock } from '../../clock';
import { decodeWire, encode, type Doc } from '../ejson';
import type { Collection } from '../store/collection';
import type { SortSpec } from '../store/planner';
import { duplicateIdError, type Store } from '../store/store';
import { aggregate } from './aggregate';
import { removeMatching, updateMatching } from './bulk';
import { applyUpdate, DbFailure, replacement, sameDoc, toNewDoc, upserted } from './modify';
import { project } from './projection';
import { Transactions } from './transactions';

export type Params = Record<string, unknown>;
type Handler = (p: Params) => Record<string, unknown>;

/** The cloud's page sizes: 100 when no limit is asked, never more than 1000. */
export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

function str(p: Params, key: string): string {
  const v = p[key];
  if (typeof v !== 'string' || v.length === 0) throw new DbFailure('INVALID_PARAM', `${key} is required`);
  return v;
}

function pageLimit(v: unknown): number {
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isFinite(n) || n <= 0) return DEFAULT_LIMIT;
  return Math.min(Math.floor(n), MAX_LIMIT);
}

export class DatabaseActions {
  readonly tx: Transactions;
  private readonly handlers: Record<string, Handler>;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {
    this.tx = new Transactions(store);
    this.handlers = {
      'database.addCollection': (p) => this.addCollection(p),
      'database.insertDocument': (p) => this.insert(p),
      'database.getDocument': (p) => this.get(p),
      'database.calculateDocument': (p) => ({ total: this.col(p).count(this.filter(p)) }),
      'database.modifyDocument': (p) => this.modify(p),
      'database.modifyAndReturnDoc': (p) => this.modifyAndReturn(p),
      'database.removeDocument': (p) => this.remove(p),
      'database.aggregateDocuments': (p) => ({ list: aggregate(this.store, str(p, 'collectionName'), p.stages, (t) => this.decode(t)).map(encode) }),
      'database.startTransaction': () => ({ transactionId: this.tx.start() }),
      'database.commitTransaction': (p) => (this.tx.commit(str(p, 'transactionId')), {}),
      'database.abortTransaction': (p) => (this.tx.abort(str(p, 'transactionId')), {}),
    };
  }

  handles(action: string): boolean {
    return Object.hasOwn(this.handlers, action);
  }

  /** Transaction actions answer at the top level of the body, the others inside `data`. */
  static answersAtTopLevel(action: string): boolean {
    return /Transaction$/.test(action);
  }

  run(action: string, p: Params): Record<string, unknown> {
    const h = this.handlers[action];
    if (!h) throw new DbFailure('INVALID_ACTION', `Invalid API call name: ${action}`);
    return h(p);
  }

  private decode(text: unknown): unknown {
    return typeof text === 'string' && text.length > 0 ? decodeWire(text, () => this.clock.now()) : undefined;
  }

  private filter(p: Params): Record<string, unknown> | undefined {
    const q = this.decode(p.query);
    if (q === undefined) return undefined;
    if (q === null || typeof q !== 'object' || Array.isArray(q)) throw new DbFailure('INVALID_PARAM', 'query must be an object');
    return q as Record<string, unknown>;
  }

  /** Updates and removals need a query: the cloud refuses one without, which would touch every document. */
  private writeFilter(p: Params): Record<string, unknown> {
    const filter = this.filter(p);
    if (!filter) throw new DbFailure('INVALID_PARAM', 'query is required: an update or removal without a query is refused');
    return filter;
  }

  private col(p: Params): Collection {
    return this.store.mustGet(str(p, 'collectionName'));
  }

  private txId(p: Params): string | undefined {
    return typeof p.transactionId === 'string' && p.transactionId ? p.transactionId : undefined;
  }

  private docId(p: Params): string {
    const id = this.filter(p)?._id;
    if (typeof id !== 'string') throw new DbFailure('INVALID_PARAM', 'a document action needs a string _id');
    return id;
  }

  private addCollection(p: Params) {
    const name = str(p, 'collectionName');
    if (!this.store.create(name)) throw new DbFailure('DATABASE_COLLECTION_ALREADY_EXIST', `Table exist: ${name}`);
    return {};
  }

  private insert(p: Params) {
    const name = str(p, 'collectionName');
    const raw = Array.isArray(p.data) ? p.data : [p.data];
    const docs = raw.map((s) => toNewDoc(this.decode(s)));
    const txId = this.txId(p);
    if (txId) {
      for (const d of docs) {
        if (this.tx.read(txId, name, d._id)) throw duplicateIdError(name, d._id);
        this.tx.write(txId, name, d._id, d);
      }
    } else {
      this.store.write((w) => docs.forEach((d) => w.insert(name, d)));
    }
    return { insertedIds: docs.map((d) => d._id) };
  }

  private get(p: Params) {
    const name = str(p, 'collectionName');
    const filter = this.filter(p);
    const order = this.decode(p.order) as Record<string, unknown> | undefined;
    const sort: SortSpec = Object.entries(order ?? {}).map(([f, d]) => [f, Number(d) < 0 ? -1 : 1]);
    const skip = Math.max(0, Math.floor(Number(p.offset) || 0));
    const limit = pageLimit(p.limit);
    const txId = this.txId(p);
    const docs = txId ? this.tx.find(txId, name, filter, sort, skip, limit) : this.store.mustGet(name).find(filter, { sort, skip, limit });
    const projection = this.decode(p.projection) as Record<string, unknown> | undefined;
    const page = projection && Object.keys(projection).length > 0 ? project(docs, projection) : docs;
    return { list: page.map(encode), offset: skip, limit };
  }

  // `updated`, as the cloud counts it (docs/backend.md): `set` and `updateAndReturn` count the matched
  // document, changed or not; `update` counts the documents it changed (MongoDB's nModified).
  private modify(p: Params) {
    const name = str(p, 'collectionName');
    const data = this.decode(p.data);
    const txId = this.txId(p);
    if (txId) return this.modifyInTx(txId, name, this.docId(p), data, p.merge !== false, p.upsert === true);
    const col = this.store.mustGet(name);
    if (p.merge === false) {
      // doc(id).set(): replace the whole document, creating it when absent.
      const id = this.docId(p);
      const next = replacement(id, data);
      const prev = col.get(id);
      if (!prev && !p.upsert) return { updated: 0, upsert_id: null };
      if (!prev || !sameDoc(prev, next)) this.store.write((w) => w.put(name, next));
      return prev ? { updated: 1, upsert_id: null } : { updated: 0, upsert_id: id };
    }
    const filter = this.writeFilter(p);
    if (p.upsert === true && col.find(filter, { limit: 1 }).length === 0) {
      const doc = upserted(filter, data);
      this.store.write((w) => w.insert(name, doc));
      return { updated: 0, upsert_id: doc._id };
    }
    return { updated: updateMatching(this.store, name, filter, data, p.multi === false ? 1 : undefined), upsert_id: null };
  }

  private modifyInTx(txId: string, name: string, id: string, data: unknown, merge: boolean, upsert: boolean) {
    const prev = this.tx.read(txId, name, id);
    if (!prev && !upsert) return { updated: 0, upsert_id: null };
    const next = !merge ? replacement(id, data) : prev ? applyUpdate(prev, data) : upserted({ _id: id }, data);
    if (next && (!prev || !sameDoc(prev, next))) this.tx.write(txId, name, id, next);
    if (!prev) return { updated: 0, upsert_id: id };
    return { updated: !merge || next ? 1 : 0, upsert_id: null };
  }

  private modifyAndReturn(p: Params) {
    const name = str(p, 'collectionName');
    const data = this.decode(p.data);
    const filter = this.writeFilter(p);
    const txId = this.txId(p);
    const [target] = txId ? this.tx.find(txId, name, filter, [], 0, 1) : this.store.mustGet(name).find(filter, { limit: 1 });
    if (!target) return { updated: 0, doc: null };
    const next = applyUpdate(target, data);
    if (next && txId) this.tx.write(txId, name, target._id, next);
    else if (next) this.store.write((w) => w.put(name, next));
    return { updated: 1, doc: encode(next ?? target) };
  }

  private remove(p: Params) {
    const name = str(p, 'collectionName');
    const txId = this.txId(p);
    if (txId) {
      const id = this.docId(p);
      const existed = !!this.tx.read(txId, name, id);
      if (existed) this.tx.write(txId, name, id, null);
      return { deleted: existed ? 1 : 0 };
    }
    return { deleted: removeMatching(this.store, name, this.writeFilter(p), p.multi === false ? 1 : undefined) };
  }
}
