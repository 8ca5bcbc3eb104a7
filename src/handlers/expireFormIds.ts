// expireFormIds (DESIGN.md §2): timer only (timerOnly in the entry); the event carries nothing it needs.
import { performance } from 'node:perf_hooks';
import { expireCredits, type ExpireResult } from '../reminders/expire';
import type { Handler } from './serve';

export interface ExpireAnswer extends ExpireResult {
  ok: true;
  durationMs: number;
}

export const expireFormIds: Handler<ExpireAnswer> = async ({ config, platform: { db }, now }) => {
  const started = performance.now();
  const elapsedMs = () => performance.now() - started;
  const result = await expireCredits(db, now, { retentionDays: config.retentionDays, budgetMs: config.runBudgetMs, elapsedMs });
  return { ok: true, ...result, durationMs: Math.round(elapsedMs()) };
};
