// expireFormIds (DESIGN.md §2): timer only (timerOnly in the entry); the event carries nothing it needs.
import type { ExpiryReport } from '../contract';
import { sweep } from '../expiry/sweep';
import { handler } from './serve';

export const expireFormIds = handler(['retentionDays', 'checkInRetentionDays', 'timezone', 'runBudgetMs'])<ExpiryReport>(async ({ config, platform: { db }, now, elapsedMs }) => {
  const { retentionDays, checkInRetentionDays, timezone, runBudgetMs } = config;
  const result = await sweep(db, now, { retentionDays, checkInRetentionDays, timezone, budgetMs: runBudgetMs, elapsedMs });
  return { ok: true, ...result, durationMs: Math.round(elapsedMs()) };
});
