// WeChat cloud-function timer cron: 7 fields, read on the UTC+8 wall clock.
//   second minute hour day-of-month month day-of-week year
// Pure: parsing never reads a clock, and matching takes a time digest (LocalParts).
import { DEFAULT_TIMEZONE, localParts, type LocalParts } from './time';

export interface CronSchedule {
  source: string;
  seconds: ReadonlySet<number>;
  minutes: ReadonlySet<number>;
  hours: ReadonlySet<number>;
  days: ReadonlySet<number>;
  months: ReadonlySet<number>;
  weekdays: ReadonlySet<number>; // 0 = Sunday
  years: ReadonlySet<number>;
  dayRestricted: boolean;
  weekdayRestricted: boolean;
}

export type CronParse = { ok: true; schedule: CronSchedule } | { ok: false; error: string };

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: readonly string[]; // index + min = value
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

const FIELDS: readonly FieldSpec[] = [
  { name: 'second', min: 0, max: 59 },
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day-of-week', min: 0, max: 6, names: WEEKDAYS },
  { name: 'year', min: 1970, max: 2099 },
];

class CronError extends Error {}

function parseValue(token: string, spec: FieldSpec): number {
  const upper = token.toUpperCase();
  if (spec.names) {
    const i = spec.names.indexOf(upper);
    if (i >= 0) return i + spec.min;
  }
  if (!/^\d+$/.test(token)) throw new CronError(`${spec.name} field: "${token}" is not a number${spec.names ? ' or a name' : ''}`);
  // Sources disagree on whether weekday 0 is Sunday or Monday on WeChat, so only names are unambiguous.
  if (spec.name === 'day-of-week') throw new CronError(`day-of-week field: use SUN…SAT instead of the number "${token}" (WeChat sources disagree on what 0 means)`);
  const n = Number(token);
  if (n < spec.min || n > spec.max) throw new CronError(`${spec.name} field: ${n} is outside ${spec.min}-${spec.max}`);
  return n;
}

function parseField(text: string, spec: FieldSpec): Set<number> {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    if (part === '') throw new CronError(`${spec.name} field: empty list item in "${text}"`);
    const [range, stepText, extra] = part.split('/');
    if (extra !== undefined || range === undefined || range === '') throw new CronError(`${spec.name} field: cannot read "${part}"`);
    let step = 1;
    if (stepText !== undefined) {
      if (!/^\d+$/.test(stepText) || Number(stepText) < 1) throw new CronError(`${spec.name} field: step "${stepText}" must be a positive whole number`);
      step = Number(stepText);
    }
    let lo: number;
    let hi: number;
    if (range === '*') {
      lo = spec.min;
      hi = spec.max;
    } else if (range.includes('-')) {
      const [a, b, rest] = range.split('-');
      if (rest !== undefined || !a || !b) throw new CronError(`${spec.name} field: cannot read range "${range}"`);
      lo = parseValue(a, spec);
      hi = parseValue(b, spec);
      if (lo > hi) throw new CronError(`${spec.name} field: range "${range}" runs backwards`);
    } else {
      lo = parseValue(range, spec);
      hi = stepText === undefined ? lo : spec.max;
    }
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

export function parseCron(expression: unknown): CronParse {
  if (typeof expression !== 'string') return { ok: false, error: 'cron expression must be a string' };
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 7) {
    return {
      ok: false,
      error: `cron "${expression}" has ${fields.length} field(s); WeChat timers need 7: second minute hour day month weekday year (e.g. "0 0 10 * * * *")`,
    };
  }
  try {
    const sets = fields.map((f, i) => parseField(f, FIELDS[i]!));
    const [seconds, minutes, hours, days, months, weekdays, years] = sets as [Set<number>, Set<number>, Set<number>, Set<number>, Set<number>, Set<number>, Set<number>];
    if (seconds.size === 60 && minutes.size === 60) {
      return { ok: false, error: `cron "${expression}" fires every second; a timer that often is a mistake` };
    }
    return {
      ok: true,
      schedule: {
        source: expression, seconds, minutes, hours, days, months, weekdays, years,
        dayRestricted: fields[3] !== '*',
        weekdayRestricted: fields[5] !== '*',
      },
    };
  } catch (e) {
    if (e instanceof CronError) return { ok: false, error: `cron "${expression}": ${e.message}` };
    throw e;
  }
}

function dayMatches(s: CronSchedule, t: LocalParts): boolean {
  const byDay = s.days.has(t.day);
  const byWeekday = s.weekdays.has(t.weekday);
  // Classic cron: when both day fields are restricted, either one matching is enough.
  if (s.dayRestricted && s.weekdayRestricted) return byDay || byWeekday;
  return byDay && byWeekday;
}

/** Does the schedule fire at this wall-clock second? */
export function cronMatches(s: CronSchedule, t: LocalParts): boolean {
  return s.years.has(t.year) && s.months.has(t.month) && dayMatches(s, t) && s.hours.has(t.hour) && s.minutes.has(t.minute) && s.seconds.has(t.second);
}

/** The first value in `set` that is >= `from`, or undefined. */
function firstAtLeast(set: ReadonlySet<number>, from: number, max: number): number | undefined {
  for (let v = from; v <= max; v++) if (set.has(v)) return v;
  return undefined;
}

/**
 * The first instant strictly after `after` at which the schedule fires, or null within `horizonDays`.
 * Skips non-matching days to the next local midnight and non-matching hours to the next matching one,
 * and finds the minute and second inside a matching hour directly: a few clock reads per day scanned.
 */
export function nextFireTime(s: CronSchedule, after: Date, tz: string = DEFAULT_TIMEZONE, horizonDays = 366 * 2): Date | null {
  const end = after.getTime() + horizonDays * 86_400_000;
  let t = Math.floor(after.getTime() / 1000) * 1000 + 1000; // next whole second
  while (t <= end) {
    const p = localParts(new Date(t), tz);
    const intoHour = p.minute * 60 + p.second;
    if (!(s.years.has(p.year) && s.months.has(p.month) && dayMatches(s, p))) {
      t += (24 * 3600 - p.hour * 3600 - intoHour) * 1000; // to the next local midnight
      continue;
    }
    const hour = firstAtLeast(s.hours, p.hour, 23);
    if (hour === undefined) {
      t += (24 * 3600 - p.hour * 3600 - intoHour) * 1000;
      continue;
    }
    if (hour > p.hour) {
      t += ((hour - p.hour) * 3600 - intoHour) * 1000; // to the start of the next matching hour
      continue;
    }
    // Inside a matching hour: the first matching (minute, second) at or after now.
    const firstSecond = (fromSecond: number) => firstAtLeast(s.seconds, fromSecond, 59);
    let minute = firstAtLeast(s.minutes, p.minute, 59);
    let second = minute === p.minute ? firstSecond(p.second) : undefined;
    if (minute !== undefined && second === undefined) {
      minute = firstAtLeast(s.minutes, minute === p.minute ? p.minute + 1 : minute, 59);
      second = minute === undefined ? undefined : firstSecond(0);
    }
    if (minute !== undefined && second !== undefined) return new Date(t + (minute * 60 + second - intoHour) * 1000);
    t += (3600 - intoHour) * 1000; // to the next wall-clock hour
  }
  return null;
}

/** All fire times in (from, to]. */
export function fireTimesBetween(s: CronSchedule, from: Date, to: Date, tz: string = DEFAULT_TIMEZONE): Date[] {
  const out: Date[] = [];
  let cursor = from;
  for (;;) {
    const next = nextFireTime(s, cursor, tz, Math.ceil((to.getTime() - cursor.getTime()) / 86_400_000) + 1);
    if (!next || next.getTime() > to.getTime()) return out;
    out.push(next);
    cursor = next;
  }
}
