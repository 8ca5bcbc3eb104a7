import { clampToWindow, effectiveHour, explainedHour, habitOf, recordCheckInHour, type CheckInHour } from '../../src/domain/habit';
import { addDays } from '../../src/domain/time';

const TODAY = '2026-03-15';
const daysAgo = (n: number, hour: number): CheckInHour => ({ date: addDays(TODAY, -n), hour });
const prompted = (n: number, hour: number): CheckInHour => ({ ...daysAgo(n, hour), prompted: true });
const config = { window: { start: 8, end: 21 }, defaultHour: 10 };

describe('recordCheckInHour', () => {
  it('adds the check-in and keeps the list sorted by date', () => {
    expect(recordCheckInHour([daysAgo(1, 9), daysAgo(3, 8)], daysAgo(0, 20))).toEqual([daysAgo(3, 8), daysAgo(1, 9), daysAgo(0, 20)]);
  });

  it('keeps the first check-in of a date', () => {
    expect(recordCheckInHour([daysAgo(0, 7)], daysAgo(0, 22))).toEqual([daysAgo(0, 7)]);
  });

  it('keeps the 14 dates ending at the check-in and drops older ones', () => {
    const recent = [daysAgo(14, 9), daysAgo(13, 10), daysAgo(5, 11)];
    expect(recordCheckInHour(recent, daysAgo(0, 12))).toEqual([daysAgo(13, 10), daysAgo(5, 11), daysAgo(0, 12)]);
  });

  it('never grows past 14 entries however long the user keeps checking in', () => {
    let list: CheckInHour[] = [];
    for (let i = 100; i >= 0; i--) list = recordCheckInHour(list, daysAgo(i, 9));
    expect(list).toHaveLength(14);
    expect(list[0]!.date).toBe(addDays(TODAY, -13));
  });

  it('keeps whether a check-in followed a reminder', () => {
    expect(recordCheckInHour([prompted(1, 11)], daysAgo(0, 12))).toEqual([prompted(1, 11), daysAgo(0, 12)]);
    expect(recordCheckInHour([daysAgo(1, 12)], prompted(0, 11))).toEqual([daysAgo(1, 12), prompted(0, 11)]);
  });

  it('drops entries dated after the check-in and entries with impossible hours', () => {
    expect(recordCheckInHour([daysAgo(-1, 9), daysAgo(2, 24), daysAgo(3, 8.5)], daysAgo(0, 10))).toEqual([daysAgo(0, 10)]);
  });
});

describe('habitOf: lower median of the unprompted check-in hours on the 14 dates before today', () => {
  it.each<[string, CheckInHour[], number | null]>([
    ['no check-ins', [], null],
    ['two check-ins are not a habit', [daysAgo(1, 9), daysAgo(2, 9)], null],
    ['three check-ins are', [daysAgo(1, 9), daysAgo(2, 20), daysAgo(3, 12)], 12],
    ['lower median of an even count', [daysAgo(1, 21), daysAgo(2, 9), daysAgo(3, 20), daysAgo(4, 10)], 10],
    ['today does not count', [daysAgo(0, 23), daysAgo(1, 9), daysAgo(2, 9)], null],
    ['14 days ago still counts', [daysAgo(14, 7), daysAgo(1, 7), daysAgo(2, 7)], 7],
    ['15 days ago does not', [daysAgo(15, 7), daysAgo(1, 7), daysAgo(2, 7)], null],
    ['the first entry of a repeated date counts once', [daysAgo(1, 9), daysAgo(1, 23), daysAgo(2, 9)], null],
    ['median of all 14 dates', Array.from({ length: 14 }, (_, i) => daysAgo(i + 1, i < 10 ? 19 : 8)), 19],
    ['check-ins that followed a reminder are left out', [daysAgo(1, 12), daysAgo(2, 12), daysAgo(3, 12), prompted(4, 11), prompted(5, 11), prompted(6, 11), prompted(7, 11)], 12],
    ['prompted check-ins do not make a habit', [daysAgo(1, 12), daysAgo(2, 12), prompted(3, 11), prompted(4, 11)], null],
  ])('%s', (_name, recent, expected) => {
    expect(habitOf(recent, TODAY)?.hour ?? null).toBe(expected);
  });
});

describe('effectiveHour', () => {
  const habit = (hour: number) => [daysAgo(1, hour), daysAgo(2, hour), daysAgo(3, hour)];
  it.each<[string, number | null, CheckInHour[], number]>([
    ['the chosen hour wins over a habit', 15, habit(20), 15],
    ['one hour before the habit', null, habit(20), 19],
    ['a habit at 9 reminds at 8', null, habit(9), 8],
    ['a habit at 8 would remind at 7: clamped up to 8', null, habit(8), 8],
    ['a habit at midnight: clamped up to 8', null, habit(0), 8],
    ['a habit at 22 reminds at 21', null, habit(22), 21],
    ['a habit at 23 would remind at 22: clamped down to 21', null, habit(23), 21],
    ['without a habit, the default hour', null, [daysAgo(1, 20)], 10],
    ['check-ins only outside the 14 days: the default hour', null, [daysAgo(15, 20), daysAgo(16, 20), daysAgo(20, 20)], 10],
    ['a chosen hour outside a narrowed window is clamped', 7, [], 8],
  ])('%s', (_name, chosenHour, recentCheckIns, expected) => {
    expect(effectiveHour({ chosenHour, recentCheckIns }, TODAY, config)).toBe(expected);
  });

  it('follows the configured default hour and window', () => {
    expect(effectiveHour({ chosenHour: null, recentCheckIns: [] }, TODAY, { window: { start: 6, end: 23 }, defaultHour: 7 })).toBe(7);
    expect(effectiveHour({ chosenHour: null, recentCheckIns: habit(7) }, TODAY, { window: { start: 6, end: 23 }, defaultHour: 7 })).toBe(6);
  });
});

describe('explainedHour: the hour and why', () => {
  const habit = [daysAgo(1, 12), daysAgo(2, 13), daysAgo(3, 12), prompted(4, 11)];
  it.each<[string, number | null, CheckInHour[], ReturnType<typeof explainedHour>]>([
    ['chosen, with the habit beside it', 15, habit, { hour: 15, source: 'chosen', habit: { hour: 12, checkIns: 3 } }],
    ['learned from three unprompted check-ins', null, habit, { hour: 11, source: 'learned', habit: { hour: 12, checkIns: 3 } }],
    ['the default without a habit', null, habit.slice(1), { hour: 10, source: 'default', habit: null }],
  ])('%s', (_name, chosenHour, recentCheckIns, expected) => {
    expect(explainedHour({ chosenHour, recentCheckIns }, TODAY, config)).toEqual(expected);
  });
});

describe('clampToWindow', () => {
  it.each([[3, 8], [8, 8], [15, 15], [21, 21], [23, 21]])('%i → %i', (hour, expected) => {
    expect(clampToWindow(hour, { start: 8, end: 21 })).toBe(expected);
  });
});
