// Do reminders work? (DESIGN §2 "Holdout", docs/holdout.md.) A share of the due user-days is held
// out — not reminded — by a stable hash, and the check-ins of both groups are counted, so that
// the reminded rate minus the held-out rate (lift.ts) is what reminders add.
import { createHash } from 'node:crypto';
import type { RemindClaim } from './claims';
import type { LocalDate } from './time';

/** At most half of the due user-days may be held out (REMINDER_HOLDOUT_PERCENT). */
export const HOLDOUT_MAX_PERCENT = 50;

/** A check-in within this long after the day's reminder counts as caused by it (and after a hold-out, as its counterpart). */
export const PROMPT_WINDOW_MS = 2 * 60 * 60_000;

/**
 * Whether the user-day is held out at `percent`: the first 32 bits of SHA-256 over the OPENID and
 * the date, below that share of 2^32. Every run, worker and continuation of the day computes the
 * same answer from the same two strings; another date draws anew. Independent of the user's shard
 * (a hash of the OPENID alone), so every worker holds out its share.
 */
export function isHeldOut(openid: string, date: LocalDate, percent: number): boolean {
  if (percent <= 0) return false;
  const draw = createHash('sha256').update(`holdout\n${openid}\n${date}`, 'utf8').digest().readUInt32BE(0);
  return draw < (percent / 100) * 2 ** 32;
}

export type ReminderGroup = 'reminded' | 'held-out';

export interface DayGroup {
  group: ReminderGroup;
  /** The check-in came within PROMPT_WINDOW_MS after the reminder (or the hold-out). */
  within: boolean;
}

/**
 * Which group the user's `today` belongs to when they check in at `now`, from their document
 * alone: held out; reminded (delivered, presumed, or claimed by a run that is sending — a user
 * who answers within seconds may beat the run's write); or neither (null: not due yet today).
 */
export function dayGroup(user: { lastRemindedDate: string; remind: RemindClaim | null }, today: LocalDate, now: Date): DayGroup | null {
  const remind = user.remind?.date === today ? user.remind : null;
  const within = remind !== null && remind.at instanceof Date && now.getTime() - remind.at.getTime() <= PROMPT_WINDOW_MS;
  if (remind?.state === 'held-out') return { group: 'held-out', within };
  if (user.lastRemindedDate === today || remind?.state === 'claimed') return { group: 'reminded', within };
  return null;
}

/** A check-in caused by the day's reminder: it teaches nothing about the user's own hour. */
export function promptedBy(group: DayGroup | null): boolean {
  return group?.group === 'reminded' && group.within;
}
