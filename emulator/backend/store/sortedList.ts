// A sorted list of index entries kept as a list of sorted chunks (the "sorted containers" layout):
// insert and delete cost a binary search plus a splice inside one chunk of at most 2×CHUNK entries,
// range scans walk chunks in order, and counting a range (the planner's estimate) needs only the chunk
// lengths before each end.
import { compareParts, type KeyPart } from './keys';

export interface Entry {
  key: KeyPart[];
  id: string;
}

/** One end of a range: entries whose first `parts.length` key parts compare to `parts`. */
export interface Bound {
  parts: KeyPart[];
  inclusive: boolean;
}

const CHUNK = 128;

function comparePrefix(key: KeyPart[], parts: KeyPart[]): number {
  for (let i = 0; i < parts.length; i++) {
    const c = compareParts(key[i] as KeyPart, parts[i] as KeyPart);
    if (c !== 0) return c;
  }
  return 0;
}

export function compareEntries(a: Entry, b: Entry): number {
  const c = comparePrefix(a.key, b.key);
  if (c !== 0) return c;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

interface Pos {
  chunk: number;
  index: number;
}

export class SortedList {
  private chunks: Entry[][] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Replaces the contents with entries already in order (bulk build: one sort instead of n inserts). */
  load(sorted: Entry[]): void {
    this.chunks = [];
    for (let i = 0; i < sorted.length; i += CHUNK) this.chunks.push(sorted.slice(i, i + CHUNK));
    this.count = sorted.length;
  }

  add(entry: Entry): void {
    if (this.chunks.length === 0) {
      this.chunks.push([entry]);
      this.count = 1;
      return;
    }
    const pos = this.position(entry);
    const ci = Math.min(pos.chunk, this.chunks.length - 1);
    const chunk = this.chunks[ci] as Entry[];
    const index = pos.chunk < this.chunks.length ? pos.index : chunk.length;
    // A manual shift: Array.prototype.splice is several times slower for one element.
    chunk.push(entry);
    for (let k = chunk.length - 1; k > index; k--) chunk[k] = chunk[k - 1] as Entry;
    chunk[index] = entry;
    this.count++;
    if (chunk.length > 2 * CHUNK) this.chunks.splice(ci + 1, 0, chunk.splice(CHUNK));
  }

  /** Removes the entry with this key and id; false when it is not there. */
  delete(entry: Entry): boolean {
    const pos = this.position(entry);
    const chunk = this.chunks[pos.chunk];
    const found = chunk?.[pos.index];
    if (!chunk || !found || compareEntries(found, entry) !== 0) return false;
    for (let k = pos.index; k < chunk.length - 1; k++) chunk[k] = chunk[k + 1] as Entry;
    chunk.pop();
    this.count--;
    if (chunk.length === 0) this.chunks.splice(pos.chunk, 1);
    return true;
  }

  /** Entries between lo and hi (null = unbounded), in key order or reversed. */
  *range(lo: Bound | null, hi: Bound | null, reverse = false): Generator<Entry> {
    const start = this.lowerPos(lo);
    const end = this.upperPos(hi);
    if (!reverse) {
      for (let c = start.chunk, i = start.index; c < end.chunk || (c === end.chunk && i < end.index); ) {
        const chunk = this.chunks[c] as Entry[];
        if (i >= chunk.length) {
          c++;
          i = 0;
          continue;
        }
        yield chunk[i++] as Entry;
      }
      return;
    }
    let c = end.chunk;
    let i = end.index - 1;
    while (c > start.chunk || (c === start.chunk && i >= start.index)) {
      if (i < 0) {
        c--;
        i = (this.chunks[c]?.length ?? 0) - 1;
        continue;
      }
      yield (this.chunks[c] as Entry[])[i--] as Entry;
    }
  }

  /** How many entries lie between lo and hi, without walking them. */
  countRange(lo: Bound | null, hi: Bound | null): number {
    return Math.max(0, this.rank(this.upperPos(hi)) - this.rank(this.lowerPos(lo)));
  }

  private lowerPos(lo: Bound | null): Pos {
    if (!lo) return { chunk: 0, index: 0 };
    return this.firstWhere((e) => {
      const c = comparePrefix(e.key, lo.parts);
      return lo.inclusive ? c >= 0 : c > 0;
    });
  }

  private upperPos(hi: Bound | null): Pos {
    if (!hi) return { chunk: this.chunks.length, index: 0 };
    return this.firstWhere((e) => {
      const c = comparePrefix(e.key, hi.parts);
      return hi.inclusive ? c > 0 : c >= 0;
    });
  }

  private rank(pos: Pos): number {
    let n = pos.index;
    for (let c = 0; c < pos.chunk && c < this.chunks.length; c++) n += (this.chunks[c] as Entry[]).length;
    return n;
  }

  /** The first position whose entry is not less than `entry` (firstWhere, inlined for the hot path). */
  private position(entry: Entry): Pos {
    let lo = 0;
    let hi = this.chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const chunk = this.chunks[mid] as Entry[];
      if (compareEntries(chunk[chunk.length - 1] as Entry, entry) >= 0) hi = mid;
      else lo = mid + 1;
    }
    if (lo === this.chunks.length) return { chunk: lo, index: 0 };
    const chunk = this.chunks[lo] as Entry[];
    let a = 0;
    let b = chunk.length - 1;
    while (a < b) {
      const mid = (a + b) >> 1;
      if (compareEntries(chunk[mid] as Entry, entry) >= 0) b = mid;
      else a = mid + 1;
    }
    return { chunk: lo, index: a };
  }

  /** The first position whose entry satisfies a predicate that is monotone over the order. */
  private firstWhere(pred: (e: Entry) => boolean): Pos {
    let lo = 0;
    let hi = this.chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const chunk = this.chunks[mid] as Entry[];
      if (pred(chunk[chunk.length - 1] as Entry)) hi = mid;
      else lo = mid + 1;
    }
    if (lo === this.chunks.length) return { chunk: lo, index: 0 };
    const chunk = this.chunks[lo] as Entry[];
    let a = 0;
    let b = chunk.length - 1;
    while (a < b) {
      const mid = (a + b) >> 1;
      if (pred(chunk[mid] as Entry)) b = mid;
      else a = mid + 1;
    }
    return { chunk: lo, index: a };
  }
}
