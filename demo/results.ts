// A finished run's figures: the per-day summary, the cross-checks between independent sources, and
// what the report prints about the run's settings and users.
import { PERSONAS, type PersonaName } from './population';
import type { ReportInput } from './report/html';
import type { DemoRun } from './simulate';
import { readSources } from './summary/sources';
import { summarize } from './summary/summarize';

export function results(run: DemoRun): ReportInput {
  const sources = readSources(run.emulator);
  const summary = summarize(sources, run.dates);
  const { options } = run;
  const delivered = sources.attempts.filter((a) => a.errcode === 0).length;
  const t = summary.total;
  const checks = [
    { label: 'reminded (outbox) = sent (sendReminders answers)', ok: t.reminded === t.sentByRuns, detail: `${t.reminded} messages in the outbox, ${t.sentByRuns} sent according to the functions` },
    { label: 'every outbox message is an accepted send attempt', ok: sources.outbox.length === delivered, detail: `${sources.outbox.length} messages, ${delivered} attempts answered errcode 0` },
    { label: 'timer runs answered ok', ok: t.failedRuns === 0, detail: `${t.runs - t.failedRuns} of ${t.runs} runs` },
    {
      label: 'calls by the simulated users answered ok',
      ok: run.calls.failures.length === 0,
      detail: `${run.calls.calls - run.calls.failures.length} of ${run.calls.calls} calls${run.calls.failures[0] ? `; first failure: ${run.calls.failures[0].fn} → ${run.calls.failures[0].error}` : ''}`,
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
