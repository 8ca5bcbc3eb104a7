// A sorted list of index entries kept as a list of sorted chunks (the "sorted containers" layout):
// insert and delete cost a binary search plus a shift inside one chunk of at most 2×CHUNK entries,
// range scans walk chunks in order, and counting a range (the planner's estimate) needs only the
// chunk lengths before each end. Entries are ordered by `key`, a string (./keys.ts encodes index
// keys so that string order is their order), compared with JavaScript's `<`.

export interface Entry {
  /** What orders the entry: the encoded index key, then the document's _id (Index.entry). */
  key: string;
  id: string;
}

const CHUNK = 128;

export function compareEntries(a: Entry, b: Entry): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
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
    const pos = this.position(entry.key);
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

  /** Removes the entry with this key; false when it is not there. */
  delete(entry: Entry): boolean {
    const pos = this.position(entry.key);
    const chunk = this.chunks[pos.chunk];
    const found = chunk?.[pos.index];
    if (!chunk || !found || found.key !== entry.key) return false;
    for (let k = pos.index; k < chunk.length - 1; k++) chunk[k] = chunk[k + 1] as Entry;
    chunk.pop();
    this.count--;
    if (chunk.length === 0) this.chunks.splice(pos.chunk, 1);
    return true;
  }

  /** Entries with from ≤ key < to (null = unbounded), in key order or reversed. */
  *range(from: string | null, to: string | null, reverse = false): Generator<Entry> {
    const start = from === null ? { chunk: 0, index: 0 } : this.position(from);
    const end = to === null ? { chunk: this.chunks.length, index: 0 } : this.position(to);
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

  /** How many entries have from ≤ key < to, without walking them. */
  countRange(from: string | null, to: string | null): number {
    const start = from === null ? 0 : this.rank(this.position(from));
    const end = to === null ? this.count : this.rank(this.position(to));
    return Math.max(0, end - start);
  }

  private rank(pos: Pos): number {
    let n = pos.index;
    for (let c = 0; c < pos.chunk && c < this.chunks.length; c++) n += (this.chunks[c] as Entry[]).length;
    return n;
  }

  /** The first position whose entry's key is not less than `key`. */
  private position(key: string): Pos {
    let lo = 0;
    let hi = this.chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const chunk = this.chunks[mid] as Entry[];
      if ((chunk[chunk.length - 1] as Entry).key >= key) hi = mid;
      else lo = mid + 1;
    }
    if (lo === this.chunks.length) return { chunk: lo, index: 0 };
    const chunk = this.chunks[lo] as Entry[];
    let a = 0;
    let b = chunk.length - 1;
    while (a < b) {
      const mid = (a + b) >> 1;
      if ((chunk[mid] as Entry).key >= key) b = mid;
      else a = mid + 1;
    }
    return { chunk: lo, index: a };
  }
}
