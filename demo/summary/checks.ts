// Figures that two sources both hold must agree: the outbox and the run log, each run's claims and
// its due, the held-out marks and the run log, the daily figures and the outbox, the expiry
// answers and the credits.
import { localDate } from '../../src/domain/time';
import type { Sources } from './sources';
import type { Summary } from './summarize';

export interface Check {
  label: string;
  ok: boolean;
  detail: string;
}

const num = (v: unknown) => (typeof v === 'number' ? v : 0);

/** Figures that two sources both hold must agree. */
export function crossChecks(sources: Sources, summary: Summary): Check[] {
  const t = summary.total;
  const delivered = sources.attempts.filter((a) => a.errcode === 0).length;
  const claimMismatch = sources.runLog.filter((r) => (sources.claims.get(r.runId)?.length ?? 0) !== r.due);
  const statsMismatch = summary.days.filter((d) => (sources.dailyStats.find((s) => s.date === d.date)?.delivered ?? 0) !== d.reminded);
  const expiredByRuns = sources.firings.filter((f) => f.functionName === 'expireFormIds').reduce((n, f) => n + num((f.result as Record<string, unknown> | null)?.expired), 0);
  const expired = sources.credits.filter((c) => c.status === 'expired').length;
  const unfinished = sources.runLog.filter((r) => r.state !== 'done').length;
  const heldBy = (runId: string) => sources.heldOut.filter((h) => h.runId === runId).length;
  const heldMismatch = sources.runLog.filter((r) => heldBy(r.runId) !== r.heldOut);
  const remindedDays = new Set(sources.outbox.map((m) => `${m.touser}|${localDate(m.at)}`));
  const remindedHeld = sources.heldOut.filter((h) => remindedDays.has(`${h.openid}|${h.date}`));
  const heldStats = summary.days.filter((d) => (sources.dailyStats.find((s) => s.date === d.date)?.heldOut ?? 0) !== sources.heldOut.filter((h) => h.date === d.date).length);
  return [
    { label: 'reminded (outbox) = sent (run log)', ok: t.reminded === t.sentInRuns, detail: `${t.reminded} messages in the outbox, ${t.sentInRuns} sent according to the run log` },
    { label: 'every outbox message is an accepted send attempt', ok: sources.outbox.length === delivered, detail: `${sources.outbox.length} messages, ${delivered} attempts answered errcode 0` },
    {
      label: "users holding each run's claim = that run's due (run log)",
      ok: claimMismatch.length === 0,
      detail: claimMismatch.length === 0 ? `${sources.runLog.length} runs agree` : `${claimMismatch.length} runs differ, e.g. ${claimMismatch[0]?.runId}`,
    },
    {
      label: "users marked held out by each run = that run's heldOut (run log)",
      ok: heldMismatch.length === 0,
      detail: heldMismatch.length === 0 ? `${sources.heldOut.length} user-days held out` : `${heldMismatch.length} runs differ, e.g. ${heldMismatch[0]?.runId}`,
    },
    {
      label: 'no held-out user was reminded that day (outbox)',
      ok: remindedHeld.length === 0,
      detail: remindedHeld.length === 0 ? `${sources.heldOut.length} held-out user-days, none in the outbox` : `${remindedHeld.length} were, e.g. ${remindedHeld[0]?.openid} on ${remindedHeld[0]?.date}`,
    },
    { label: 'held out per day (dailyStats) = user-days marked held out', ok: heldStats.length === 0, detail: heldStats.length === 0 ? `${summary.days.length} days agree` : `differs on ${heldStats.map((d) => d.date).join(', ')}` },
    { label: 'delivered per day (dailyStats) = outbox per day', ok: statsMismatch.length === 0, detail: statsMismatch.length === 0 ? `${summary.days.length} days agree` : `differs on ${statsMismatch.map((d) => d.date).join(', ')}` },
    { label: 'expired (expireFormIds answers) = credits marked expired', ok: expiredByRuns === expired, detail: `${expiredByRuns} in the answers, ${expired} credits` },
    { label: 'every reminder run finished', ok: unfinished === 0, detail: `${sources.runLog.length - unfinished} of ${sources.runLog.length} runs in the run log are done` },
    { label: 'timer runs answered ok', ok: t.failedTimerRuns === 0, detail: `${t.timerRuns - t.failedTimerRuns} of ${t.timerRuns} runs` },
  ];
}
