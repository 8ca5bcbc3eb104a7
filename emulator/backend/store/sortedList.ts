// A sorted list of index entries kept as a list of sorted chunks (the "sorted containers" layout):
// insert and delete cost a binary search plus a shift inside one chunk of at most 2×CHUNK entries,
// range scans walk chunks in order, and counting a range (the planner's estimate) needs only the
// chunk sizes before each end. Entries are ordered by `key`, a string (./keys.ts encodes index keys
// so that string order is their order), compared with JavaScript's `<`. Keys and ids sit in flat
// arrays per chunk, and each chunk's last key in one array, so a search reads few scattered objects.

export interface Entry {
  /** What orders the entry: the encoded index key, then the document's _id (Index.entryKey). */
  key: string;
  id: string;
}

interface Chunk {
  keys: string[];
  ids: string[];
}

interface Pos {
  chunk: number;
  index: number;
}

const CHUNK = 64;

export function compareEntries(a: Entry, b: Entry): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

export class SortedList {
  private chunks: Chunk[] = [];
  /** The last key of each chunk. */
  private lasts: string[] = [];
  /** Entries before each chunk; rebuilt on demand after a change. */
  private before: number[] | null = null;
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Replaces the contents with entries already in order (bulk build: one sort instead of n inserts). */
  load(sorted: Entry[]): void {
    this.chunks = [];
    for (let i = 0; i < sorted.length; i += CHUNK) {
      const part = sorted.slice(i, i + CHUNK);
      this.chunks.push({ keys: part.map((e) => e.key), ids: part.map((e) => e.id) });
    }
    this.lasts = this.chunks.map((c) => c.keys[c.keys.length - 1] as string);
    this.count = sorted.length;
    this.before = null;
  }

  add(key: string, id: string): void {
    this.before = null;
    this.count++;
    if (this.chunks.length === 0) {
      this.chunks.push({ keys: [key], ids: [id] });
      this.lasts.push(key);
      return;
    }
    const pos = this.position(key);
    const ci = Math.min(pos.chunk, this.chunks.length - 1);
    const { keys, ids } = this.chunks[ci] as Chunk;
    const at = pos.chunk < this.chunks.length ? pos.index : keys.length;
    // A manual shift: Array.prototype.splice is several times slower for one element.
    keys.push(key);
    ids.push(id);
    for (let k = keys.length - 1; k > at; k--) {
      keys[k] = keys[k - 1] as string;
      ids[k] = ids[k - 1] as string;
    }
    keys[at] = key;
    ids[at] = id;
    this.lasts[ci] = keys[keys.length - 1] as string;
    if (keys.length > 2 * CHUNK) {
      const tail = { keys: keys.splice(CHUNK), ids: ids.splice(CHUNK) };
      this.chunks.splice(ci + 1, 0, tail);
      this.lasts.splice(ci, 1, keys[keys.length - 1] as string, tail.keys[tail.keys.length - 1] as string);
    }
  }

  /** Removes the entry with this key; false when it is not there. */
  delete(key: string): boolean {
    const pos = this.position(key);
    const chunk = this.chunks[pos.chunk];
    if (!chunk || chunk.keys[pos.index] !== key) return false;
    const { keys, ids } = chunk;
    for (let k = pos.index; k < keys.length - 1; k++) {
      keys[k] = keys[k + 1] as string;
      ids[k] = ids[k + 1] as string;
    }
    keys.pop();
    ids.pop();
    this.count--;
    this.before = null;
    if (keys.length === 0) {
      this.chunks.splice(pos.chunk, 1);
      this.lasts.splice(pos.chunk, 1);
    } else this.lasts[pos.chunk] = keys[keys.length - 1] as string;
    return true;
  }

  /** Ids of the entries with from ≤ key < to (null = unbounded), in key order or reversed. */
  *range(from: string | null, to: string | null, reverse = false): Generator<string> {
    const start = from === null ? { chunk: 0, index: 0 } : this.position(from);
    const end = to === null ? { chunk: this.chunks.length, index: 0 } : this.position(to);
    if (!reverse) {
      for (let c = start.chunk; c <= end.chunk && c < this.chunks.length; c++) {
        const { ids } = this.chunks[c] as Chunk;
        const stop = c === end.chunk ? end.index : ids.length;
        for (let i = c === start.chunk ? start.index : 0; i < stop; i++) yield ids[i] as string;
      }
      return;
    }
    for (let c = Math.min(end.chunk, this.chunks.length - 1); c >= start.chunk; c--) {
      const { ids } = this.chunks[c] as Chunk;
      const stop = c === start.chunk ? start.index : 0;
      for (let i = (c === end.chunk ? end.index : ids.length) - 1; i >= stop; i--) yield ids[i] as string;
    }
  }

  /** How many entries have from ≤ key < to, without walking them. */
  countRange(from: string | null, to: string | null): number {
    const start = from === null ? 0 : this.rank(this.position(from));
    const end = to === null ? this.count : this.rank(this.position(to));
    return Math.max(0, end - start);
  }

  private rank(pos: Pos): number {
    if (!this.before) {
      this.before = [];
      let n = 0;
      for (const c of this.chunks) {
        this.before.push(n);
        n += c.keys.length;
      }
    }
    return pos.chunk < this.chunks.length ? (this.before[pos.chunk] as number) + pos.index : this.count;
  }

  /** The first position whose key is not less than `key`. */
  private position(key: string): Pos {
    const lasts = this.lasts;
    let lo = 0;
    let hi = lasts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((lasts[mid] as string) >= key) hi = mid;
      else lo = mid + 1;
    }
    if (lo === lasts.length) return { chunk: lo, index: 0 };
    const keys = (this.chunks[lo] as Chunk).keys;
    let a = 0;
    let b = keys.length - 1;
    while (a < b) {
      const mid = (a + b) >> 1;
      if ((keys[mid] as string) >= key) b = mid;
      else a = mid + 1;
    }
    return { chunk: lo, index: a };
  }
}
