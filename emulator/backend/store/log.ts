// The data log: one line per committed batch of operations, appended in order. A process killed
// mid-append leaves at most one unfinished last line, which loading ignores (and cuts off, so the
// next append starts on a clean line). Compaction writes the live state to a temporary file,
// fsyncs it and renames it over the log, so a crash leaves either the old log or the new one.
//
// Durability: each batch is handed to the OS with one write() before the request is answered, so a
// killed process loses nothing it acknowledged; the log is fsynced on compaction and close, not per
// write (a power cut may lose the last moments — acceptable for a test emulator, and ~100x faster).
import fs from 'node:fs';
import path from 'node:path';
import { decodeStored, encode } from '../ejson';

export type Op =
  | { o: 'create'; c: string }
  | { o: 'put'; c: string; d: Record<string, unknown> }
  | { o: 'del'; c: string; id: string }
  | { o: 'index'; c: string; s: { fields: string[]; unique?: boolean; name?: string } };

export class DataLog {
  private fd: number;

  private constructor(
    readonly file: string,
    fd: number,
  ) {
    this.fd = fd;
  }

  /** Opens (creating) the log and replays every complete batch through `apply`. */
  static open(file: string, apply: (ops: Op[]) => void): { log: DataLog; batches: number } {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    let batches = 0;
    if (fs.existsSync(file)) {
      const buf = fs.readFileSync(file);
      let start = 0;
      let good = 0;
      while (start < buf.length) {
        const nl = buf.indexOf(10, start);
        const line = buf.subarray(start, nl === -1 ? buf.length : nl).toString('utf8');
        let ops: Op[] | undefined;
        try {
          ops = nl === -1 ? undefined : (decodeStored(line) as Op[]);
        } catch {
          ops = undefined;
        }
        if (!ops) {
          // Only the tail can be torn (appends are sequential); anything else is damage we must not hide.
          if (nl !== -1 && buf.indexOf(10, nl + 1) !== -1) {
            throw new Error(`${file}: unreadable line at byte ${start}; the data log is damaged`);
          }
          break;
        }
        apply(ops);
        batches++;
        start = nl + 1;
        good = start;
      }
      if (good < buf.length) fs.truncateSync(file, good);
    }
    return { log: new DataLog(file, fs.openSync(file, 'a')), batches };
  }

  append(ops: Op[]): void {
    if (ops.length > 0) writeAll(this.fd, encode(ops) + '\n');
  }

  /** Replaces the log with `batches` (the live state) atomically. */
  rewrite(batches: Iterable<Op[]>): void {
    const tmp = `${this.file}.tmp`;
    const fd = fs.openSync(tmp, 'w');
    try {
      let chunk: string[] = [];
      for (const ops of batches) {
        chunk.push(encode(ops));
        if (chunk.length >= 256) {
          writeAll(fd, chunk.join('\n') + '\n');
          chunk = [];
        }
      }
      if (chunk.length) writeAll(fd, chunk.join('\n') + '\n');
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.closeSync(this.fd);
    fs.renameSync(tmp, this.file);
    syncDir(path.dirname(this.file));
    this.fd = fs.openSync(this.file, 'a');
  }

  truncate(): void {
    fs.ftruncateSync(this.fd, 0);
    fs.fsyncSync(this.fd);
  }

  close(): void {
    fs.fsyncSync(this.fd);
    fs.closeSync(this.fd);
  }
}

function writeAll(fd: number, text: string): void {
  // The string goes to the OS without a Buffer of our own; a short write (a full disk) is finished from one.
  const written = fs.writeSync(fd, text);
  if (written >= Buffer.byteLength(text)) return;
  const buf = Buffer.from(text, 'utf8');
  for (let off = written; off < buf.length; ) off += fs.writeSync(fd, buf, off, buf.length - off);
}

function syncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Some platforms cannot fsync a directory; the rename itself is still atomic.
  }
}
