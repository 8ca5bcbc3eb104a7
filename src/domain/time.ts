// Local calendar arithmetic for a fixed IANA zone (Asia/Shanghai by default).
// The cloud runtime's clock and TZ are UTC, so nothing here reads the process zone:
// every conversion names its zone. A zone without daylight saving (FIXED_OFFSET_ZONES) is UTC plus
// a constant; any other goes through dayjs' timezone plugin, i.e. Intl — whose zone and locale data
// cost a function instance ~7 MB of memory the first time any Intl call touches them (docs/benchmark.md).
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';

dayjs.extend(utc);
dayjs.extend(timezone);

export const DEFAULT_TIMEZONE = 'Asia/Shanghai';

/**
 * Zones whose offset from UTC has not changed since 1992, in minutes east of UTC: China has kept
 * UTC+8 without daylight saving since 1991. Other zones (with daylight saving) go through Intl.
 */
export const FIXED_OFFSET_ZONES: Readonly<Record<string, number>> = { 'Asia/Shanghai': 480, 'Asia/Chongqing': 480, PRC: 480, 'Asia/Hong_Kong': 480, 'Asia/Taipei': 480, 'Asia/Singapore': 480, 'Asia/Tokyo': 540, UTC: 0, 'Etc/UTC': 0 };

const fixedOffset = (tz: string): number | undefined => (Object.hasOwn(FIXED_OFFSET_ZONES, tz) ? FIXED_OFFSET_ZONES[tz] : undefined);

/** The wall clock of a fixed-offset zone as a Date whose UTC fields read it. */
const shifted = (now: Date, offsetMinutes: number) => new Date(now.getTime() + offsetMinutes * 60_000);
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

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
  const offset = fixedOffset(tz);
  if (offset !== undefined) {
    const w = shifted(now, offset);
    const [year, month, day] = [w.getUTCFullYear(), w.getUTCMonth() + 1, w.getUTCDate()];
    return { date: `${pad(year, 4)}-${pad(month)}-${pad(day)}`, year, month, day, hour: w.getUTCHours(), minute: w.getUTCMinutes(), second: w.getUTCSeconds(), weekday: w.getUTCDay() };
  }
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
  return fixedOffset(tz) === undefined ? dayjs(now).tz(tz).format('YYYY-MM-DD') : localParts(now, tz).date;
}

export function localHour(now: Date, tz: string = DEFAULT_TIMEZONE): number {
  const offset = fixedOffset(tz);
  return offset === undefined ? dayjs(now).tz(tz).hour() : shifted(now, offset).getUTCHours();
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
  const offset = fixedOffset(tz);
  if (offset !== undefined) return new Date(Date.parse(`${date}T${pad(hour)}:00:00Z`) - offset * 60_000);
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
