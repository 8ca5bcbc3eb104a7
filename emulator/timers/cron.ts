// WeChat cloud-function timer cron: 7 fields, read on the UTC+8 wall clock.
//   second minute hour day-of-month month day-of-week year
// parseCron checks WeChat's dialect and reads each field into the set of values it allows; croner
// does the fire-time arithmetic on those sets at UTC+8. Pure: nothing here reads a clock.
import { Cron } from 'croner';

/** WeChat runs timer triggers on the UTC+8 wall clock (a fixed offset: China has no daylight saving). */
export const TIMER_UTC_OFFSET_MINUTES = 480;

/** A moment as a wall clock shows it (a time digest, for matching). */
export interface WallClock {
  year: number;
  month: number; // 1-12
  day: number; // 1-31
  hour: number; // 0-23
  minute: number;
  second: number;
  weekday: number; // 0 = Sunday … 6 = Saturday
}

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

function dayMatches(s: CronSchedule, t: WallClock): boolean {
  const byDay = s.days.has(t.day);
  const byWeekday = s.weekdays.has(t.weekday);
  // Classic cron: when both day fields are restricted, either one matching is enough.
  if (s.dayRestricted && s.weekdayRestricted) return byDay || byWeekday;
  return byDay && byWeekday;
}

/** Does the schedule fire at this wall-clock second? The meaning of a schedule, which croner must agree with. */
export function cronMatches(s: CronSchedule, t: WallClock): boolean {
  return s.years.has(t.year) && s.months.has(t.month) && dayMatches(s, t) && s.hours.has(t.hour) && s.minutes.has(t.minute) && s.seconds.has(t.second);
}

/**
 * The schedule as a croner pattern: every field spelled out as the list of its values (croner's own
 * reading of steps, names and ranges never comes into it). A day field stays `*` only when it was
 * `*`, because that decides whether the two day fields combine by OR, as in classic cron.
 */
function cronerPattern(s: CronSchedule): string {
  const field = (set: ReadonlySet<number>, spec: FieldSpec, restricted = set.size < spec.max - spec.min + 1) =>
    restricted ? [...set].sort((a, b) => a - b).join(',') : '*';
  const [second, minute, hour, day, month, weekday, year] = FIELDS as [FieldSpec, FieldSpec, FieldSpec, FieldSpec, FieldSpec, FieldSpec, FieldSpec];
  return [
    field(s.seconds, second),
    field(s.minutes, minute),
    field(s.hours, hour),
    field(s.days, day, s.dayRestricted),
    field(s.months, month),
    field(s.weekdays, weekday, s.weekdayRestricted),
    field(s.years, year),
  ].join(' ');
}

const crons = new WeakMap<CronSchedule, Cron>();

function cronFor(s: CronSchedule): Cron {
  let cron = crons.get(s);
  if (!cron) crons.set(s, (cron = new Cron(cronerPattern(s), { utcOffset: TIMER_UTC_OFFSET_MINUTES, mode: '7-part', domAndDow: false })));
  return cron;
}

/** The first instant strictly after `after` at which the schedule fires, or null within `horizonDays`. */
export function nextFireTime(s: CronSchedule, after: Date, horizonDays = 366 * 2): Date | null {
  const next = cronFor(s).nextRun(after);
  return next && next.getTime() <= after.getTime() + horizonDays * 86_400_000 ? next : null;
}

/** All fire times in (from, to]. */
export function fireTimesBetween(s: CronSchedule, from: Date, to: Date): Date[] {
  const out: Date[] = [];
  for (let next = nextFireTime(s, from, Infinity); next && next.getTime() <= to.getTime(); next = nextFireTime(s, next, Infinity)) out.push(next);
  return out;
}
