import {
  addDays, atLocalHour, daysBetween, formatChinese, formatDotted, isLocalDate, localDate, localHour,
  localParts, startOfLocalDay, FIXED_OFFSET_ZONES,
} from '../../src/domain/time';
import fc from 'fast-check';
import { join } from 'node:path';
import { runInZone } from '../support/runInZone';

const ZONES = ['UTC', 'America/Los_Angeles', 'Asia/Kolkata', 'Pacific/Kiritimati'];
const TIME = join(__dirname, '../../src/domain/time.ts');

interface ZoneRun {
  offset: number;
  digest: ReturnType<typeof localParts>;
  edge: [string, number];
  lastMinute: [string, number];
  tenOClock: string;
  newYear: string;
  explicit: [string, number];
}

// Each zone gets its own Node process: the helpers must not depend on the process TZ.
describe.each(ZONES)('Shanghai time when the process TZ is %s', (zone) => {
  let run: ZoneRun;
  beforeAll(() => {
    run = runInZone<ZoneRun>(TIME, zone, `
      const edge = new Date('2026-03-31T16:30:00Z');
      const lastMinute = new Date('2026-03-31T15:59:59Z');
      return {
        offset: new Date('2026-01-15T00:00:00Z').getTimezoneOffset(),
        digest: m.localParts(new Date('2026-11-29T02:05:07Z')),
        edge: [m.localDate(edge), m.localHour(edge)],
        lastMinute: [m.localDate(lastMinute), m.localHour(lastMinute)],
        tenOClock: m.atLocalHour('2026-11-26', 10).toISOString(),
        newYear: m.startOfLocalDay('2027-01-01').toISOString(),
        explicit: [m.localDate(edge, 'UTC'), m.localHour(new Date('2026-07-01T12:00:00Z'), 'America/New_York')],
      };`);
  });

  it('really runs under that process zone', () => {
    const expected = { UTC: 0, 'America/Los_Angeles': 480, 'Asia/Kolkata': -330, 'Pacific/Kiritimati': -840 }[zone];
    expect(run.offset).toBe(expected);
  });

  it('counts 00:30 in Shanghai (16:30 UTC the day before) as the new Shanghai date', () => {
    expect(run.edge).toEqual(['2026-04-01', 0]);
  });

  it('keeps 23:59 Shanghai on the same date', () => {
    expect(run.lastMinute).toEqual(['2026-03-31', 23]);
  });

  it('gives the full time digest, weekday 0 = Sunday', () => {
    // 2026-11-29 is a Sunday; 10:05:07 in Shanghai is 02:05:07 UTC.
    expect(run.digest).toEqual({
      date: '2026-11-29', year: 2026, month: 11, day: 29, hour: 10, minute: 5, second: 7, weekday: 0,
    });
  });

  it('turns a Shanghai wall-clock hour into the right instant', () => {
    expect(run.tenOClock).toBe('2026-11-26T02:00:00.000Z');
    expect(run.newYear).toBe('2026-12-31T16:00:00.000Z');
  });

  it('honours another explicit zone', () => {
    expect(run.explicit).toEqual(['2026-03-31', 8]);
  });
});

describe('Shanghai time in this process', () => {
  it('agrees with the zone runs', () => {
    expect(localDate(new Date('2026-03-31T16:30:00Z'))).toBe('2026-04-01');
    expect(localHour(new Date('2026-03-31T16:30:00Z'))).toBe(0);
    expect(atLocalHour('2026-11-26', 10).toISOString()).toBe('2026-11-26T02:00:00.000Z');
    expect(startOfLocalDay('2026-11-26').toISOString()).toBe('2026-11-25T16:00:00.000Z');
  });
});

describe('calendar arithmetic', () => {
  it.each([
    ['2026-01-31', 1, '2026-02-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2027-02-28', 1, '2027-03-01'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-11-26', -14, '2026-11-12'],
  ])('%s plus %i day(s) is %s', (from, n, to) => {
    expect(addDays(from, n)).toBe(to);
    expect(daysBetween(from, to)).toBe(n);
  });

  it.each([
    ['2026-11-26', true],
    ['2028-02-29', true],
    ['2026-02-29', false],
    ['2026-13-01', false],
    ['2026-1-1', false],
    ['', false],
    [20261126, false],
    [null, false],
  ])('isLocalDate(%p) is %p', (value, ok) => {
    expect(isLocalDate(value)).toBe(ok);
  });

  it('formats dates as the messages need them', () => {
    expect(formatDotted('2019-07-09')).toBe('2019.7.9');
    expect(formatChinese('2019-10-01')).toBe('2019年10月1日');
  });
});

describe('zones without daylight saving, computed without Intl', () => {
  // The reference: dayjs' timezone plugin, i.e. Intl's zone data, which the fixed-offset path avoids.
  const viaIntl = (now: Date, tz: string) => {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', weekday: 'short' })
        .formatToParts(now)
        .map((p) => [p.type, p.value]),
    );
    const [year, month, day] = [Number(parts.year), Number(parts.month), Number(parts.day)];
    const date = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    return { date, year, month, day, hour: Number(parts.hour), minute: Number(parts.minute), second: Number(parts.second), weekday: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(parts.weekday!) };
  };

  it.each(Object.keys(FIXED_OFFSET_ZONES))('give what Intl gives for %s at any moment since 1992, and back', (tz) => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1992-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }), (now) => {
        const parts = localParts(now, tz);
        expect(parts).toEqual(viaIntl(now, tz));
        expect(localDate(now, tz)).toBe(parts.date);
        expect(localHour(now, tz)).toBe(parts.hour);
        // Every listed offset is whole hours: the local hour starts at the UTC hour's start.
        expect(atLocalHour(parts.date, parts.hour, tz).getTime()).toBe(Math.floor(now.getTime() / 3_600_000) * 3_600_000);
      }),
      { numRuns: 300 },
    );
  });
});
