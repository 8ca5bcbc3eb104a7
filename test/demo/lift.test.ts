import { liftSummary, liftText } from '../../demo/summary/lift';
import { formatLift } from '../../demo/summary/table';
import { NO_DAILY_COUNTS } from '../../src/store/dailyStats';

const D1 = '2024-06-03';
const D2 = '2024-06-04';
const stats = (date: string, reminded: number, checkedIn: number, heldOut: number, heldOutCheckedIn: number) => ({
  ...NO_DAILY_COUNTS,
  date,
  reminded,
  delivered: reminded,
  checkedInAfterReminder: checkedIn,
  checkedInWithin2hAfterReminder: Math.floor(checkedIn / 2),
  heldOut,
  checkedInHeldOut: heldOutCheckedIn,
  checkedInWithin2hHeldOut: Math.floor(heldOutCheckedIn / 2),
});

describe('the lift of a simulated week, from the daily figures', () => {
  it('pools every user-day of the period, and reads a missing day as empty', () => {
    const s = liftSummary([stats(D1, 40, 30, 40, 20), stats(D2, 30, 18, 30, 12)], [D1, D2, '2024-06-05']);
    expect(s.days.map((d) => d.sameDay.enough)).toEqual([true, true, false]);
    expect(s.period.sameDay).toMatchObject({ enough: true, reminded: { successes: 48, trials: 70 }, heldOut: { successes: 32, trials: 70 } });
    if (!s.period.sameDay.enough) throw new Error('expected a lift');
    expect(s.period.sameDay.lift).toBeCloseTo(16 / 70, 12);
    expect(s.period.within2h.reminded).toEqual({ successes: 24, trials: 70 });
  });

  it('prints the lift with its interval, and "not enough data" for small groups', () => {
    const s = liftSummary([stats(D1, 70, 56, 80, 48), stats(D2, 10, 9, 10, 3)], [D1, D2]);
    expect(liftText(s.days[0]!.sameDay)).toBe('+20.0 pp (95 % CI +5.2 to +33.4)'); // Newcombe's example (a)
    expect(liftText(s.days[1]!.sameDay)).toBe('not enough data');
  });

  it('shows in the terminal table both groups, the lift per day and over the period, and the true lift', () => {
    const text = formatLift(liftSummary([stats(D1, 70, 56, 80, 48)], [D1]), 20, 0.2);
    expect(text).toMatch(/^Do reminders work\? 20 % of due user-days held out/);
    expect(text).toContain('56/70 (80 %)');
    expect(text).toContain('48/80 (60 %)');
    expect(text.match(/\+20\.0 pp \(95 % CI \+5\.2 to \+33\.4\)/g)).toHaveLength(2); // the day and the period
    expect(text).toContain('True lift of the simulated users (their response model), same day: +20.0 pp');
    expect(text).toContain('fewer than 30 user-days');
  });

  it('says how to measure the lift when nothing was held out', () => {
    expect(formatLift(liftSummary([], [D1]), 0, null)).toMatch(/No user-day was held out .* --holdout 20/);
  });
});
