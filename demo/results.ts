// A finished run's figures: the per-day summary, the cross-checks between independent sources, and
// what the report prints about the run's settings and users.
import { PERSONAS, type PersonaName } from './population';
import type { ReportInput } from './report/html';
import type { DemoRun } from './simulate';
import { readSources, type Sources } from './summary/sources';
import { summarize, type Summary } from './summary/summarize';

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
  return [
    { label: 'reminded (outbox) = sent (run log)', ok: t.reminded === t.sentInRuns, detail: `${t.reminded} messages in the outbox, ${t.sentInRuns} sent according to the run log` },
    { label: 'every outbox message is an accepted send attempt', ok: sources.outbox.length === delivered, detail: `${sources.outbox.length} messages, ${delivered} attempts answered errcode 0` },
    {
      label: "users holding each run's claim = that run's due (run log)",
      ok: claimMismatch.length === 0,
      detail: claimMismatch.length === 0 ? `${sources.runLog.length} runs agree` : `${claimMismatch.length} runs differ, e.g. ${claimMismatch[0]?.runId}`,
    },
    { label: 'delivered per day (dailyStats) = outbox per day', ok: statsMismatch.length === 0, detail: statsMismatch.length === 0 ? `${summary.days.length} days agree` : `differs on ${statsMismatch.map((d) => d.date).join(', ')}` },
    { label: 'expired (expireFormIds answers) = credits marked expired', ok: expiredByRuns === expired, detail: `${expiredByRuns} in the answers, ${expired} credits` },
    { label: 'every reminder run finished', ok: unfinished === 0, detail: `${sources.runLog.length - unfinished} of ${sources.runLog.length} runs in the run log are done` },
    { label: 'timer runs answered ok', ok: t.failedTimerRuns === 0, detail: `${t.timerRuns - t.failedTimerRuns} of ${t.timerRuns} runs` },
  ];
}

export function results(run: DemoRun): ReportInput {
  const sources = readSources(run.emulator, run.claims);
  const summary = summarize(sources, run.dates);
  const { options, calls } = run;
  const firstFailure = calls.failures[0];
  const checks = [
    ...crossChecks(sources, summary),
    {
      label: 'calls by the simulated users answered ok',
      ok: calls.failures.length === 0,
      detail: `${calls.calls - calls.failures.length} of ${calls.calls} calls${firstFailure ? `; first failure: ${firstFailure.fn} → ${firstFailure.error}` : ''}`,
    },
  ];
  const counts = new Map<PersonaName, number>();
  for (const u of run.users) counts.set(u.persona, (counts.get(u.persona) ?? 0) + 1);
  return {
    summary,
    checks,
    settings: [
      ['simulated days', `${run.dates[0]} – ${run.dates[run.dates.length - 1]} (Asia/Shanghai)`],
      ['users', String(options.users)],
      ['seed', String(options.seed)],
      ['templateMessage.send', options.templateMessage === 'legacy' ? 'legacy (2019: form ids deliver)' : 'retired (errcode 45103, as today)'],
      ['fault rate', `${options.faultRate} of message sends answer -1 (system busy)`],
    ],
    population: (Object.keys(PERSONAS) as PersonaName[]).map((p) => ({ persona: p, description: PERSONAS[p].description, users: counts.get(p) ?? 0 })),
  };
}
