// The `users` document: one per user, `_id` = OPENID (docs/data-model.md).
import { createHash } from 'node:crypto';
import { EMPTY_SUMMARY, type CheckInSummary } from '../domain/checkInSummary';
import type { CheckInHour } from '../domain/habit';
import type { LocalDate } from '../domain/time';
import type { Doc } from '../wechat/types';
import { NEVER_DATE } from '../domain/remindDate';
import type { RemindClaim } from '../domain/claims';

export const SHARDS = 64;

/** The claim sendReminders puts on one user-day (src/domain/claims.ts); opaque to the user-facing functions. */
export type { RemindClaim };

export interface UserDoc extends CheckInSummary {
  _id: string;
  enabled: boolean;
  /** Chosen reminder hour; null = automatic. */
  hour: number | null;
  lastRemindedDate: LocalDate | '';
  /** Lower bound of the next date the user may be due (the sender's query key). */
  nextRemindDate: LocalDate;
  remind: RemindClaim | null;
  shard: number;
  /** Incremented by saveFormId after it stored credits (lets the sender detect a credit it did not see). */
  creditsRev: number;
  /** Incremented by every update of the user-facing functions (see updateUser). */
  rev: number;
  createdAt: Date;
  updatedAt: Date;
}

/** Stable shard of an OPENID in 0..63 (first 32 bits of its SHA-256). */
export function shardOf(openid: string): number {
  return createHash('sha256').update(openid, 'utf8').digest().readUInt32BE(0) % SHARDS;
}

/**
 * A user as first stored. Without a credit the user cannot be due, so nextRemindDate starts at
 * "never"; storing a credit lowers it (saveFormId).
 */
export function newUser(openid: string, now: Date): UserDoc {
  return {
    _id: openid,
    enabled: true,
    hour: null,
    ...EMPTY_SUMMARY,
    recentCheckIns: [],
    lastRemindedDate: '',
    nextRemindDate: NEVER_DATE,
    remind: null,
    shard: shardOf(openid),
    creditsRev: 0,
    rev: 0,
    createdAt: now,
    updatedAt: now,
  };
}

const str = (v: unknown, fallback: string): string => (typeof v === 'string' ? v : fallback);
const count = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);
const date = (v: unknown, fallback: Date): Date => (v instanceof Date ? v : fallback);

function claim(v: unknown): RemindClaim | null {
  if (!v || typeof v !== 'object') return null;
  const c = v as Partial<RemindClaim>;
  if (typeof c.date !== 'string' || typeof c.runId !== 'string' || typeof c.state !== 'string') return null;
  return { date: c.date, runId: c.runId, state: c.state, at: c.at instanceof Date ? c.at : new Date(NaN) };
}

function recent(v: unknown): CheckInHour[] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((e: unknown) => {
    const r = e as Partial<CheckInHour> | null;
    return r && typeof r.date === 'string' && typeof r.hour === 'number' ? [{ date: r.date, hour: r.hour }] : [];
  });
}

/** Reads a stored document; fields a document lacks (older versions) take their defaults. */
export function toUser(doc: Doc): UserDoc {
  const epoch = new Date(0);
  const hour = doc.hour;
  return {
    _id: doc._id,
    enabled: doc.enabled !== false,
    hour: typeof hour === 'number' && Number.isInteger(hour) ? hour : null,
    lastCheckInDate: str(doc.lastCheckInDate, ''),
    streak: count(doc.streak),
    recentCheckIns: recent(doc.recentCheckIns),
    checkIns: count(doc.checkIns),
    correct: count(doc.correct),
    points: count(doc.points),
    lastRemindedDate: str(doc.lastRemindedDate, ''),
    nextRemindDate: str(doc.nextRemindDate, NEVER_DATE),
    remind: claim(doc.remind),
    shard: typeof doc.shard === 'number' ? doc.shard : shardOf(doc._id),
    creditsRev: count(doc.creditsRev),
    rev: count(doc.rev),
    createdAt: date(doc.createdAt, epoch),
    updatedAt: date(doc.updatedAt, epoch),
  };
}
