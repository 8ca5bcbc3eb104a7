// expireFormIds (DESIGN.md §2): timer only (timerOnly in the entry); the event carries nothing it needs.
import { expireCredits, type ExpireResult } from '../reminders/expire';
import type { Handler } from './serve';

export interface ExpireAnswer extends ExpireResult {
  ok: true;
  durationMs: number;
}

export const expireFormIds: Handler<ExpireAnswer> = async ({ config, platform: { db }, now, elapsedMs }) => {
  const result = await expireCredits(db, now, { retentionDays: config.retentionDays, budgetMs: config.runBudgetMs, elapsedMs });
  return { ok: true, ...result, durationMs: Math.round(elapsedMs()) };
};
