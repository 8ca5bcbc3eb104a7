// Shanghai calendar dates on the device. China has kept UTC+8 without daylight saving since 1991,
// so a fixed offset is exact; the mini-program cannot use dayjs without 构建npm.

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

const pad = (n: number) => String(n).padStart(2, '0');

/** The Shanghai date (YYYY-MM-DD) at an instant given in epoch milliseconds. */
export function shanghaiDate(epochMs: number): string {
  const d = new Date(epochMs + SHANGHAI_OFFSET_MS);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** '2024-05-01' → '2024年5月1日'; anything else is returned as given. */
export function chineseDate(date: string): string {
  const m = DATE_RE.exec(date);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : date;
}

/** 8 → '08:00'. */
export function hourText(hour: number): string {
  return `${pad(hour)}:00`;
}
