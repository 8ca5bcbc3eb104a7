// How wide a sendReminders run fans out (docs/reminders.md "Fan-out"): one instance while the
// candidates fit one, else one worker per `usersPerWorker` candidates, at most `maxWorkers` and
// at most one per user shard. Each worker takes a contiguous range of shards.

export interface FanOutSettings {
  usersPerWorker: number;
  maxWorkers: number;
}

/** Inclusive shard ranges, one per worker, covering 0..shardCount-1 in order. */
export function shardRanges(candidates: number, settings: FanOutSettings, shardCount: number): Array<[number, number]> {
  const wanted = Math.ceil(Math.max(0, candidates) / Math.max(1, settings.usersPerWorker));
  const workers = Math.max(1, Math.min(wanted, settings.maxWorkers, shardCount));
  const ranges: Array<[number, number]> = [];
  for (let w = 0, from = 0; w < workers; w++) {
    // Spread the remainder over the first ranges so sizes differ by at most one shard.
    const size = Math.floor(shardCount / workers) + (w < shardCount % workers ? 1 : 0);
    ranges.push([from, from + size - 1]);
    from += size;
  }
  return ranges;
}

/** The shard numbers of an inclusive range. */
export function shardList([from, to]: readonly [number, number]): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
