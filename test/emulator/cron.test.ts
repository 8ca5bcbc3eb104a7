// The emulator's reading of WeChat timer crons: the 7-field dialect, and fire times on the UTC+8 wall clock.
import { cronMatches, fireTimesBetween, nextFireTime, parseCron, type CronSchedule } from '../../emulator/timers/cron';
import { shanghaiWallClock } from './support/wallClock';

function schedule(expr: string): CronSchedule {
  const r = parseCron(expr);
  if (!r.ok) throw new Error(r.error);
  return r.schedule;
}

describe('parseCron', () => {
  it.each([
    ['0 0 10 * * * *'],
    ['0 */5 8-21 * * * *'],
    ['0 0,30 9 * * MON-FRI *'],
    ['30 15 2 1 JAN-DEC * 2026-2030'],
    ['0 0 * * * SUN,SAT *'],
  ])('accepts %s', (expr) => {
    expect(parseCron(expr).ok).toBe(true);
  });

  it.each([
    ['0 10 * * *', /has 5 field/],
    ['0 0 10 * * *', /has 6 field/],
    ['* * * * * * *', /every second/],
    ['0 0 24 * * * *', /hour field: 24 is outside 0-23/],
    ['0 60 1 * * * *', /minute field: 60/],
    ['0 0 10 * * 1 *', /use SUN…SAT/],
    ['0 0 10 * * * 2200', /year field/],
    ['0 0 10-8 * * * *', /backwards/],
    ['0 0 */0 * * * *', /step "0"/],
    ['0 0 ten * * * *', /not a number/],
    ['0 0 1,,2 * * * *', /empty list item/],
  ])('rejects %s', (expr, why) => {
    const r = parseCron(expr);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(why);
  });

  it('rejects non-strings', () => {
    expect(parseCron(undefined).ok).toBe(false);
  });
});

describe('cronMatches on a Shanghai time digest', () => {
  const tenDaily = schedule('0 0 10 * * * *');
  it('fires at 10:00:00 Shanghai, which is 02:00:00 UTC', () => {
    expect(cronMatches(tenDaily, shanghaiWallClock(new Date('2026-11-26T02:00:00Z')))).toBe(true);
    expect(cronMatches(tenDaily, shanghaiWallClock(new Date('2026-11-26T10:00:00Z')))).toBe(false);
    expect(cronMatches(tenDaily, shanghaiWallClock(new Date('2026-11-26T02:00:01Z')))).toBe(false);
  });

  it('uses names for weekdays: 2026-11-28 is a Saturday', () => {
    const weekend = schedule('0 0 9 * * SAT,SUN *');
    expect(cronMatches(weekend, shanghaiWallClock(new Date('2026-11-28T01:00:00Z')))).toBe(true);
    expect(cronMatches(weekend, shanghaiWallClock(new Date('2026-11-27T01:00:00Z')))).toBe(false);
  });
});

describe('nextFireTime', () => {
  it('finds the next 10:00 Shanghai after a moment past it', () => {
    expect(nextFireTime(schedule('0 0 10 * * * *'), new Date('2026-11-26T02:00:00Z'))?.toISOString()).toBe('2026-11-27T02:00:00.000Z');
    expect(nextFireTime(schedule('0 0 10 * * * *'), new Date('2026-11-26T01:59:59Z'))?.toISOString()).toBe('2026-11-26T02:00:00.000Z');
  });

  it('lists every five-minute firing inside the 8-21 window of one day', () => {
    const times = fireTimesBetween(schedule('0 */5 8-21 * * * *'), new Date('2026-11-25T16:00:00Z'), new Date('2026-11-26T16:00:00Z'));
    expect(times).toHaveLength(14 * 12);
    expect(times[0]?.toISOString()).toBe('2026-11-26T00:00:00.000Z');
    expect(times.at(-1)?.toISOString()).toBe('2026-11-26T13:55:00.000Z');
  });

  it('answers null when a year-bound schedule is over', () => {
    expect(nextFireTime(schedule('0 0 10 * * * 2025'), new Date('2026-01-01T00:00:00Z'))).toBeNull();
  });
});

describe('nextFireTime agrees with second-by-second matching', () => {
  // A brute-force oracle: walk every second and ask cronMatches, on a wall clock read by plain
  // UTC+8 arithmetic, independently of croner's time-zone handling.
  function bruteForce(s: CronSchedule, after: Date, limitSeconds: number): Date | null {
    for (let t = Math.floor(after.getTime() / 1000) * 1000 + 1000, i = 0; i < limitSeconds; t += 1000, i++) {
      if (cronMatches(s, shanghaiWallClock(t))) return new Date(t);
    }
    return null;
  }

  it.each([
    ['0 0 8-21 * * * *', '2026-11-26T00:00:00Z'],
    ['0 0 8-21 * * * *', '2026-11-26T13:00:00Z'],
    ['30 15,45 * * * * *', '2026-11-26T03:45:30Z'],
    ['10,50 */7 9-10 * * * *', '2026-11-26T01:06:55Z'],
    ['0 */20 * * * * *', '2026-11-26T05:59:59Z'],
    ['5 59 23 * * * *', '2026-11-26T15:59:04Z'],
    ['0 0 9 * * SAT,SUN *', '2026-11-27T02:00:00Z'],
    // Both day fields restricted: either one matching is enough, also when one spans every day.
    ['0 0 10 1,15 * MON *', '2026-11-29T12:00:00Z'],
    ['0 0 10 1,15 * MON *', '2026-11-30T03:00:00Z'],
    ['0 0 10 1-31 * MON *', '2026-11-26T03:00:00Z'],
  ])('%s after %s', (expr, after) => {
    const s = schedule(expr);
    const from = new Date(after);
    expect(nextFireTime(s, from)?.toISOString()).toBe(bruteForce(s, from, 2 * 86400)?.toISOString());
  });
});
