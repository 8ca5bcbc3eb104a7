import { afterCheckIn, checkedInOn, streakOn, type StreakState } from '../../src/domain/streak';
import { addDays, daysBetween } from '../../src/domain/time';

const state = (lastCheckInDate: string | null, streak: number): StreakState => ({ lastCheckInDate, streak });

describe('afterCheckIn', () => {
  it.each<[string, StreakState, string, StreakState]>([
    ['a first check-in starts at 1', state(null, 0), '2026-03-09', state('2026-03-09', 1)],
    ['a second check-in the same day changes nothing', state('2026-03-09', 4), '2026-03-09', state('2026-03-09', 4)],
    ['the next day adds one', state('2026-03-09', 4), '2026-03-10', state('2026-03-10', 5)],
    ['across a month end', state('2026-01-31', 2), '2026-02-01', state('2026-02-01', 3)],
    ['across a year end', state('2025-12-31', 9), '2026-01-01', state('2026-01-01', 10)],
    ['into a leap day', state('2024-02-28', 1), '2024-02-29', state('2024-02-29', 2)],
    ['out of a leap day', state('2024-02-29', 2), '2024-03-01', state('2024-03-01', 3)],
    ['28 Feb to 1 Mar in a common year is the next day', state('2025-02-28', 6), '2025-03-01', state('2025-03-01', 7)],
    ['28 Feb to 1 Mar in a leap year skips a day', state('2024-02-28', 6), '2024-03-01', state('2024-03-01', 1)],
    ['a missed day starts again at 1', state('2026-03-09', 30), '2026-03-11', state('2026-03-11', 1)],
    ['a date before the stored one changes nothing', state('2026-03-09', 3), '2026-03-08', state('2026-03-09', 3)],
  ])('%s', (_name, before, date, after) => {
    expect(afterCheckIn(before, date)).toEqual(after);
  });
});

describe('streakOn (the streak shown on a date)', () => {
  it.each<[string, StreakState, string, number]>([
    ['never checked in', state(null, 0), '2026-03-09', 0],
    ['checked in today', state('2026-03-09', 5), '2026-03-09', 5],
    ['checked in yesterday, not yet today', state('2026-03-08', 5), '2026-03-09', 5],
    ['yesterday across a year end', state('2025-12-31', 5), '2026-01-01', 5],
    ['yesterday was a leap day', state('2024-02-29', 5), '2024-03-01', 5],
    ['last check-in two days ago', state('2026-03-07', 5), '2026-03-09', 0],
    ['28 Feb seen on 1 Mar of a leap year is two days ago', state('2024-02-28', 5), '2024-03-01', 0],
    ['28 Feb seen on 1 Mar of a common year is yesterday', state('2025-02-28', 5), '2025-03-01', 5],
  ])('%s → %i', (_name, s, today, shown) => {
    expect(streakOn(s, today)).toBe(shown);
  });
});

describe('the stored streak agrees with counting the check-in dates', () => {
  // Definition from DESIGN §2: consecutive dates with a check-in ending today, or yesterday.
  function counted(dates: ReadonlySet<string>, today: string): number {
    let day = dates.has(today) ? today : addDays(today, -1);
    let n = 0;
    while (dates.has(day)) {
      n += 1;
      day = addDays(day, -1);
    }
    return n;
  }

  it('over 400 days of irregular check-ins crossing a leap day and year ends', () => {
    let seed = 7;
    const coin = () => ((seed = (seed * 48271) % 2147483647) % 10) < 7; // ~70% of days
    const checkedIn = new Set<string>();
    let s = state(null, 0);
    const first = '2023-12-01';
    const mismatches: string[] = [];
    for (let i = 0; i < 400; i++) {
      const today = addDays(first, i);
      if (coin()) {
        s = afterCheckIn(s, today);
        if (coin()) s = afterCheckIn(s, today); // answering twice changes nothing
        checkedIn.add(today);
      }
      if (streakOn(s, today) !== counted(checkedIn, today)) mismatches.push(today);
    }
    expect(daysBetween(first, addDays(first, 399))).toBe(399);
    expect(checkedIn.size).toBeGreaterThan(200);
    expect(mismatches).toEqual([]);
  });
});

describe('checkedInOn', () => {
  it.each<[string | null, string, boolean]>([
    [null, '2026-03-09', false],
    ['2026-03-08', '2026-03-09', false],
    ['2026-03-09', '2026-03-09', true],
    ['2026-03-10', '2026-03-09', true],
  ])('last check-in %p, date %s → %p', (last, date, expected) => {
    expect(checkedInOn(last, date)).toBe(expected);
  });
});
