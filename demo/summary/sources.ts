// What the summary is made of — all read back from the emulator: WeChat's outbox and send attempts,
// the database's collections (check-ins, credits, the run log, the daily figures, and how many
// documents each collection holds), the timer functions' answers, and the users each run claimed
// (claims.ts).
import type { Emulator } from 'wx-cloud-emulator';
import type { Attempt, OutboxEntry } from 'wx-cloud-emulator/backend';
import type { TimerFiring } from 'wx-cloud-emulator/timers';
import { CHECKINS, CREDITS, DAILY_STATS, REMINDER_RUNS } from '../../src/store/collections';
import { NO_DAILY_COUNTS, type DailyCounts } from '../../src/store/dailyStats';
import type { HeldOutDay } from './claims';

export interface CheckInRecord {
  openid: string;
  date: string;
  at: Date;
}

export interface CreditRecord {
  kind: string;
  status: string;
  expireAt: Date;
}

/** One sendReminders run as its run log records it. */
export interface RunRecord {
  runId: string;
  state: string;
  date: string;
  due: number;
  sent: number;
  heldOut: number;
  failedBy: Record<string, number>;
}

export interface DailyStatsRecord extends DailyCounts {
  date: string;
}

export interface Sources {
  firings: TimerFiring[];
  outbox: OutboxEntry[];
  attempts: Attempt[];
  checkins: CheckInRecord[];
  credits: CreditRecord[];
  runLog: RunRecord[];
  dailyStats: DailyStatsRecord[];
  /** Run id → users holding its claim after it ended. */
  claims: ReadonlyMap<string, readonly string[]>;
  /** User-days the runs marked held out. */
  heldOut: readonly HeldOutDay[];
  /** Every collection in the database at the end, by name, with its number of documents. */
  collections: CollectionSize[];
}

export interface CollectionSize {
  name: string;
  documents: number;
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const counts = (v: unknown): Record<string, number> =>
  v !== null && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, n]) => [k, num(n)])) : {};

/** The daily figures as stored (`dailyStats`), a missing counter as 0. */
export function readDailyStats(docs: ReadonlyArray<Record<string, unknown> & { _id: string }>): DailyStatsRecord[] {
  return docs.map((d) => {
    const counts = Object.fromEntries(Object.keys(NO_DAILY_COUNTS).map((k) => [k, num(d[k])])) as unknown as DailyCounts;
    return { date: String(d.date ?? d._id), ...counts };
  });
}

export function readSources(emulator: Emulator, claims: ReadonlyMap<string, readonly string[]>, heldOut: readonly HeldOutDay[]): Sources {
  const { db, wechat } = emulator.backend;
  const all = (name: string) => (db.collections().includes(name) ? db.find(name, {}) : []);
  return {
    firings: emulator.timers.firings(),
    outbox: wechat.outbox(),
    attempts: wechat.attempts(),
    checkins: all(CHECKINS).map((c) => ({ openid: String(c.openid), date: String(c.date), at: c.at as Date })),
    credits: all(CREDITS).map((c) => ({ kind: String(c.kind), status: String(c.status), expireAt: c.expireAt as Date })),
    runLog: all(REMINDER_RUNS).map((r) => ({ runId: r._id, state: String(r.state), date: String(r.date), due: num(r.due), sent: num(r.sent), heldOut: num(r.heldOut), failedBy: counts(r.failedBy) })),
    dailyStats: readDailyStats(all(DAILY_STATS)),
    claims,
    heldOut,
    collections: db.collections().sort().map((name) => ({ name, documents: db.count(name, {}) })),
  };
}
