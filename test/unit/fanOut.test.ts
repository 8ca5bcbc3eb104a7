import { shardList, shardRanges } from '../../src/domain/fanOut';

const settings = { usersPerWorker: 1500, maxWorkers: 64 };

describe('how wide a run fans out', () => {
  it.each([
    [0, 1],
    [1, 1],
    [1500, 1],
    [1501, 2],
    [10_000, 7],
    [50_000, 34],
    [100_000, 64],
    [1_000_000, 64],
  ])('%i candidates → %i instance(s)', (candidates, workers) => {
    expect(shardRanges(candidates, settings, 64)).toHaveLength(workers);
  });

  it('never uses more instances than configured', () => {
    expect(shardRanges(100_000, { usersPerWorker: 100, maxWorkers: 8 }, 64)).toHaveLength(8);
  });

  it.each([1, 2, 3, 7, 10, 33, 63, 64])('%i ranges cover every shard once, in order, sizes within one of each other', (workers) => {
    const ranges = shardRanges(workers * 10, { usersPerWorker: 10, maxWorkers: 64 }, 64);
    expect(ranges.flatMap(shardList)).toEqual(shardList([0, 63]));
    const sizes = ranges.map((r) => r[1] - r[0] + 1);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });
});
