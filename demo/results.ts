// A finished run's figures: the per-day summary, the cross-checks between independent sources, and
// what the report prints about the run's settings and users.
import { PERSONAS, type Persona, type PersonaName } from './population';
import type { ReportInput } from './report/html';
import type { DemoRun } from './simulate';
import { crossChecks } from './summary/checks';
import { personaFigures } from './summary/personas';
import { readSources } from './summary/sources';
import { summarize } from './summary/summarize';

/** The persona's base chance on a settled day, and on its first days when those differ. */
function baseText(persona: Persona): string {
  const early = persona.base(1);
  const settled = persona.base(7);
  return early === settled ? settled.toFixed(2) : `${early.toFixed(2)} first days, then ${settled.toFixed(2)}`;
}

export function results(run: DemoRun): ReportInput {
  const sources = readSources(run.emulator, run.claims, run.heldOut);
  const summary = summarize(sources, run.dates);
  const { options, calls } = run;
  const holdoutPercent = options.holdoutPercent ?? 0;
  const firstFailure = calls.failures[0];
  const checks = [
    ...crossChecks(sources, summary),
    {
      label: 'calls by the simulated users answered ok',
      ok: calls.failures.length === 0,
      detail: `${calls.calls - calls.failures.length} of ${calls.calls} calls${firstFailure ? `; first failure: ${firstFailure.fn} → ${firstFailure.error}` : ''}`,
    },
  ];
  return {
    summary,
    checks,
    collections: sources.collections,
    settings: [
      ['simulated days', `${run.dates[0]} – ${run.dates[run.dates.length - 1]} (Asia/Shanghai)`],
      ['users', String(options.users)],
      ['seed', String(options.seed)],
      ['templateMessage.send', options.templateMessage === 'legacy' ? 'legacy (2019: form ids deliver)' : 'retired (errcode 45103, as today)'],
      ['fault rate', `${options.faultRate} of message sends answer -1 (system busy)`],
      ['subscribe templates', `${options.templates}, asked for in one dialog`],
      ['holdout', `${holdoutPercent} % of due user-days not reminded (REMINDER_HOLDOUT_PERCENT)`],
    ],
    experiment: { holdoutPercent, trueLift: run.trueLift },
    population: personaFigures(sources, run.dates, run.users, (Object.keys(PERSONAS) as PersonaName[]).map((p) => ({ persona: p, description: PERSONAS[p].description }))).map((f) => {
      const persona = PERSONAS[f.persona as PersonaName];
      return { ...f, base: baseText(persona), uplift: persona.uplift };
    }),
  };
}
