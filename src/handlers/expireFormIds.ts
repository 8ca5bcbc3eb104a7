// expireFormIds (DESIGN.md §2): timer only (timerOnly in the entry); the event carries nothing it needs.
import type { ExpiryReport } from '../contract';
import { runBudget } from '../domain/claims';
import { sweep } from '../expiry/sweep';
import { handler } from './serve';

export const expireFormIds = handler(['retentionDays', 'checkInRetentionDays', 'timezone', 'runBudgetMs'])<ExpiryReport>(async ({ config, platform: { db }, now, elapsedMs, limits }) => {
  const { retentionDays, checkInRetentionDays, timezone, runBudgetMs } = config;
  // Within the function's real time limit; too short a limit does nothing (a budget of 0) and says so.
  const budget = runBudget(runBudgetMs, limits.timeLimitMs, 'expireFormIds');
  if (!budget.ok) console.error(`[expireFormIds] ${budget.problem}`);
  const result = await sweep(db, now, { retentionDays, checkInRetentionDays, timezone, budgetMs: budget.ok ? budget.budgetMs : 0, elapsedMs });
  return { ok: true, ...result, problems: budget.ok ? [] : [budget.problem], durationMs: Math.round(elapsedMs()) };
});
