// Local calendar arithmetic for a fixed IANA zone (Asia/Shanghai by default).
// The cloud runtime's clock and TZ are UTC, so nothing here reads the process zone:
// every conversion goes through dayjs' timezone plugin with an explicit zone.
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';

dayjs.extend(utc);
dayjs.extend(timezone);

export const DEFAULT_TIMEZONE = 'Asia/Shanghai';

/** A calendar date in the local zone, `YYYY-MM-DD`. */
export type LocalDate = string;

/** The pieces of a moment as a wall clock in `tz` shows it (a "time digest"). */
export interface LocalParts {
  date: LocalDate;
  year: number;
  month: number; // 1-12
  day: number; // 1-31
  hour: number; // 0-23
  minute: number;
  second: number;
  weekday: number; // 0 = Sunday … 6 = Saturday
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function localParts(now: Date, tz: string = DEFAULT_TIMEZONE): LocalParts {
  const d = dayjs(now).tz(tz);
  return {
    date: d.format('YYYY-MM-DD'),
    year: d.year(),
    month: d.month() + 1,
    day: d.date(),
    hour: d.hour(),
    minute: d.minute(),
    second: d.second(),
    weekday: d.day(),
  };
}

export function localDate(now: Date, tz: string = DEFAULT_TIMEZONE): LocalDate {
  return dayjs(now).tz(tz).format('YYYY-MM-DD');
}

export function localHour(now: Date, tz: string = DEFAULT_TIMEZONE): number {
  return dayjs(now).tz(tz).hour();
}

/** True for a real calendar date written `YYYY-MM-DD` (rejects 2026-02-30). */
export function isLocalDate(value: unknown): value is LocalDate {
  if (typeof value !== 'string') return false;
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const d = dayjs.utc(value);
  return d.isValid() && d.format('YYYY-MM-DD') === value;
}

/** Calendar arithmetic on dates; zone-free because a date is not a moment. */
export function addDays(date: LocalDate, days: number): LocalDate {
  return dayjs.utc(date).add(days, 'day').format('YYYY-MM-DD');
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return dayjs.utc(to).diff(dayjs.utc(from), 'day');
}

/** The moment `date` at `hour`:00:00 starts on the wall clock of `tz`. */
export function atLocalHour(date: LocalDate, hour: number, tz: string = DEFAULT_TIMEZONE): Date {
  return dayjs.tz(`${date} ${String(hour).padStart(2, '0')}:00:00`, tz).toDate();
}

export function startOfLocalDay(date: LocalDate, tz: string = DEFAULT_TIMEZONE): Date {
  return atLocalHour(date, 0, tz);
}

/** `2019.7.9`, the original article's keyword4 format. */
export function formatDotted(date: LocalDate): string {
  const d = dayjs.utc(date);
  return `${d.year()}.${d.month() + 1}.${d.date()}`;
}

/** `2019年7月9日`, the subscribe-message `date` field format. */
export function formatChinese(date: LocalDate): string {
  const d = dayjs.utc(date);
  return `${d.year()}年${d.month() + 1}月${d.date()}日`;
}
