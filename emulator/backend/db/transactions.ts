// Transactions as the cloud runs them (MongoDB snapshot isolation), driven by the SDK: startTransaction,
// then actions that carry a transactionId, then commit or abort.
// - Snapshot: taken at the transaction's first read or write; its reads see the data as it was then,
//   plus its own writes. The store reports every committed change (`beforeChange`), and each open
//   snapshot keeps the old version of a document the first time it changes: reads cost nothing more
//   until something changes, and nothing is copied up front.
// - Write-write conflicts only: writing a document that another open transaction has written, or that
//   changed after this snapshot, fails at once with DATABASE_TRANSACTION_CONFLICT and ends the
//   transaction. What it only read may change. (runTransaction runs the callback again when that code
//   reaches it: from a commit always; from a write not through wx-server-sdk 4.0.2, whose errors drop it.)
// - A transaction open longer than 30 s is gone, with the cloud's message.
import type { Doc } from '../ejson';
import { sortPage } from '../store/collection';
import { compile } from '../store/match';
import type { SortSpec } from '../store/planner';
import type { Store } from '../store/store';
import { DbFailure, newId } from './modify';

/** The cloud's limit (its message below says so). */
const LIFETIME_MS = 30_000;

const NOT_EXIST =
  '[ResourceUnavailable.TransactionNotExist] Transaction does not exist on the server, transaction must be commit or abort in 30 seconds. Please check your request, but if the problem persists, contact us.';
const CONFLICT =
  '[ResourceUnavailable.TransactionConflict] Transaction is conflict, maybe resource operated by others. Please check your request, but if the problem persists, contact us.';

interface Version {
  c: string;
  id: string;
  /** The document, or null when absent. */
  doc: Doc | null;
}

interface Tx {
  startedAt: number;
  snapshot: boolean;
  /** Documents changed by others since the snapshot: their version at the snapshot. */
  before: Map<string, Version>;
  /** This transaction's writes, applied on commit. */
  writes: Map<string, Version>;
}

const keyOf = (c: string, id: string) => `${c}\u0000${id}`;

export class Transactions {
  private readonly open = new Map<string, Tx>();

  constructor(
    private readonly store: Store,
    private readonly now: () => number = () => Date.now(),
  ) {
    store.onChange((c, id, prev) => this.beforeChange(c, id, prev));
  }

  start(): string {
    for (const [id, tx] of this.open) if (this.expired(tx)) this.open.delete(id);
    const id = `tx-${newId()}`;
    this.open.set(id, { startedAt: this.now(), snapshot: false, before: new Map(), writes: new Map() });
    return id;
  }

  private expired(tx: Tx): boolean {
    return this.now() - tx.startedAt > LIFETIME_MS;
  }

  /** The transaction, its snapshot taken if this is its first read or write. */
  private tx(id: string): Tx {
    const tx = this.open.get(id);
    if (tx && this.expired(tx)) this.open.delete(id);
    if (!tx || !this.open.has(id)) throw new DbFailure('DATABASE_TRANSACTION_FAIL', NOT_EXIST);
    tx.snapshot = true;
    return tx;
  }

  /** The document as this transaction sees it. */
  read(txId: string, c: string, id: string): Doc | undefined {
    this.store.mustGet(c);
    const tx = this.tx(txId);
    const k = keyOf(c, id);
    const seen = tx.writes.get(k) ?? tx.before.get(k);
    return seen ? (seen.doc ?? undefined) : this.store.get(c)?.get(id);
  }

  /** A query as this transaction sees the collection: its snapshot plus its own writes. */
  find(txId: string, c: string, filter: Record<string, unknown> | undefined, sort: SortSpec, skip: number, limit: number): Doc[] {
    const col = this.store.mustGet(c);
    const tx = this.tx(txId);
    const differs = new Map<string, Doc | null>();
    for (const v of [...tx.before.values(), ...tx.writes.values()]) if (v.c === c) differs.set(v.id, v.doc);
    if (differs.size === 0) return col.find(filter, { sort, skip, limit });
    const current = col.find(filter, { sort }).filter((d) => !differs.has(d._id));
    const own = [...differs.values()].filter((d): d is Doc => d !== null).filter(compile(filter));
    return sortPage([...current, ...own], sort, skip, limit);
  }

  /** Buffers a write (null = removal); fails at once on a write-write conflict. */
  write(txId: string, c: string, id: string, doc: Doc | null): void {
    this.store.mustGet(c);
    const tx = this.tx(txId);
    const k = keyOf(c, id);
    const takenByOther = [...this.open.entries()].some(([other, t]) => other !== txId && t.writes.has(k));
    if (takenByOther || tx.before.has(k)) {
      this.open.delete(txId); // the cloud ends a transaction that hit a write conflict
      throw new DbFailure('DATABASE_TRANSACTION_CONFLICT', CONFLICT);
    }
    tx.writes.set(k, { c, id, doc });
  }

  commit(txId: string): void {
    const tx = this.tx(txId);
    this.open.delete(txId);
    // A plain write may have reached a document after this transaction wrote it (MongoDB would have
    // made that write wait for the commit): the transaction loses, like any write-write conflict.
    for (const k of tx.writes.keys()) if (tx.before.has(k)) throw new DbFailure('DATABASE_TRANSACTION_CONFLICT', CONFLICT);
    this.store.write((w) => {
      for (const v of tx.writes.values()) {
        if (v.doc) w.put(v.c, v.doc);
        else w.del(v.c, v.id);
      }
    });
  }

  abort(txId: string): void {
    if (!this.open.delete(txId)) throw new DbFailure('DATABASE_TRANSACTION_FAIL', NOT_EXIST);
  }

  abortAll(): void {
    this.open.clear();
  }

  /** A committed change: every open snapshot that had not seen this document change keeps its old version. */
  private beforeChange(c: string, id: string, prev: Doc | undefined): void {
    if (this.open.size === 0) return;
    const k = keyOf(c, id);
    for (const [txId, tx] of this.open) {
      if (this.expired(tx)) this.open.delete(txId);
      else if (tx.snapshot && !tx.before.has(k)) tx.before.set(k, { c, id, doc: prev ?? null });
    }
  }
}
