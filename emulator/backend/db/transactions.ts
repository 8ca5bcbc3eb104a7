// Transactions as the SDK drives them: startTransaction, then ordinary single-document actions that
// carry a transactionId, then commit or abort. Optimistic concurrency: a transaction reads through
// its own buffered writes, remembers the version of every document it touched, and at commit fails
// with DATABASE_TRANSACTION_CONFLICT if any of them changed since (the SDK then re-runs the callback);
// otherwise all its writes are applied as one batch. Nothing is visible to others before commit.
import type { Doc } from '../ejson';
import type { Store } from '../store/store';
import { DbFailure, newId } from './modify';

/** Like MongoDB's transactionLifetimeLimitSeconds: a transaction left open longer is discarded. */
const LIFETIME_MS = 60_000;

interface Touched {
  c: string;
  id: string;
  version: number;
  /** Present once written: the new document, or null for a removal. */
  write?: Doc | null;
}

interface Tx {
  startedAt: number;
  touched: Map<string, Touched>;
}

const keyOf = (c: string, id: string) => `${c}\u0000${id}`;

export class Transactions {
  private readonly open = new Map<string, Tx>();

  constructor(private readonly store: Store) {}

  start(): string {
    this.expire();
    const id = `tx-${newId()}`;
    this.open.set(id, { startedAt: Date.now(), touched: new Map() });
    return id;
  }

  private tx(id: string): Tx {
    this.expire();
    const tx = this.open.get(id);
    if (!tx) throw new DbFailure('DATABASE_TRANSACTION_FAIL', `transaction ${id} does not exist or has expired`);
    return tx;
  }

  private touch(tx: Tx, c: string, id: string): Touched {
    this.store.mustGet(c);
    const k = keyOf(c, id);
    let t = tx.touched.get(k);
    if (!t) {
      t = { c, id, version: this.store.version(c, id) };
      tx.touched.set(k, t);
    }
    return t;
  }

  /** The document as this transaction sees it. */
  read(txId: string, c: string, id: string): Doc | undefined {
    const t = this.touch(this.tx(txId), c, id);
    if (t.write !== undefined) return t.write ?? undefined;
    return this.store.get(c)?.get(id);
  }

  write(txId: string, c: string, id: string, doc: Doc | null): void {
    this.touch(this.tx(txId), c, id).write = doc;
  }

  /** This transaction's pending writes in a collection (to overlay on a query inside it). */
  pending(txId: string, c: string): Array<{ id: string; doc: Doc | null }> {
    return [...this.tx(txId).touched.values()].filter((t) => t.c === c && t.write !== undefined).map((t) => ({ id: t.id, doc: t.write ?? null }));
  }

  /** Remembers the version of a document a query inside the transaction returned. */
  observe(txId: string, c: string, id: string): void {
    this.touch(this.tx(txId), c, id);
  }

  commit(txId: string): void {
    const tx = this.tx(txId);
    this.open.delete(txId);
    for (const t of tx.touched.values()) {
      if (this.store.version(t.c, t.id) !== t.version) {
        throw new DbFailure('DATABASE_TRANSACTION_CONFLICT', `transaction ${txId} conflicts: ${t.c}/${t.id} changed since it was read`);
      }
    }
    this.store.write((w) => {
      for (const t of tx.touched.values()) {
        if (t.write) w.put(t.c, t.write);
        else if (t.write === null) w.del(t.c, t.id);
      }
    });
  }

  abort(txId: string): void {
    this.open.delete(txId);
  }

  abortAll(): void {
    this.open.clear();
  }

  private expire(): void {
    const now = Date.now();
    for (const [id, tx] of this.open) if (now - tx.startedAt > LIFETIME_MS) this.open.delete(id);
  }
}
