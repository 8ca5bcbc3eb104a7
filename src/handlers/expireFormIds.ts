// expireFormIds (DESIGN.md §2): timer only (timerOnly in the entry); the event carries nothing it needs.
import type { ExpiryReport } from '../contract';
import { sweepCredits } from '../expiry/sweepCredits';
import { handler } from './serve';

export const expireFormIds = handler(['retentionDays', 'runBudgetMs'])<ExpiryReport>(async ({ config, platform: { db }, now, elapsedMs }) => {
  const result = await sweepCredits(db, now, { retentionDays: config.retentionDays, budgetMs: config.runBudgetMs, elapsedMs });
  return { ok: true, ...result, durationMs: Math.round(elapsedMs()) };
});
