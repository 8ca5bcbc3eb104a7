// Per persona: the user-days the week's sendReminders runs took on (due) and how many of them got a
// message (reminded), from the same sources as the per-day table: the run log with each run's
// claims, and WeChat's outbox. Only the persona of each user comes from the simulation.
import { localDate } from '../../src/domain/time';
import type { Sources } from './sources';

export interface PersonaFigures {
  persona: string;
  description: string;
  users: number;
  /** User-days a run took on, on the simulated days. */
  due: number;
  /** Of those, the user-days with a message in the outbox. */
  reminded: number;
}

/** `share` as a percentage with one decimal, or – when nothing was due. */
export const shareText = (f: Pick<PersonaFigures, 'due' | 'reminded'>) => (f.due === 0 ? '–' : `${((100 * f.reminded) / f.due).toFixed(1)} %`);

/** One row per persona of `personas`, in that order. */
export function personaFigures(
  sources: Pick<Sources, 'runLog' | 'claims' | 'outbox'>,
  dates: readonly string[],
  users: ReadonlyArray<{ openid: string; persona: string }>,
  personas: ReadonlyArray<{ persona: string; description: string }>,
): PersonaFigures[] {
  const days = new Set(dates);
  const dueDays = new Set<string>(); // `${openid}|${date}`
  for (const run of sources.runLog) {
    if (!days.has(run.date)) continue;
    for (const openid of sources.claims.get(run.runId) ?? []) dueDays.add(`${openid}|${run.date}`);
  }
  const remindedDays = new Set(sources.outbox.map((m) => `${m.touser}|${localDate(m.at)}`));
  const rows = new Map(personas.map((p): [string, PersonaFigures] => [p.persona, { ...p, users: 0, due: 0, reminded: 0 }]));
  for (const u of users) {
    const row = rows.get(u.persona);
    if (!row) continue;
    row.users++;
    for (const date of dates) {
      if (!dueDays.has(`${u.openid}|${date}`)) continue;
      row.due++;
      if (remindedDays.has(`${u.openid}|${date}`)) row.reminded++;
    }
  }
  return [...rows.values()];
}

/** The per-persona table for the terminal. */
export function formatPersonas(rows: readonly PersonaFigures[]): string {
  const header = ['persona', 'users', 'due user-days', 'reminded', 'share reminded'];
  const cells = rows.map((r) => [r.persona, String(r.users), String(r.due), String(r.reminded), shareText(r)]);
  const total = rows.reduce((t, r) => ({ due: t.due + r.due, reminded: t.reminded + r.reminded, users: t.users + r.users }), { due: 0, reminded: 0, users: 0 });
  const all = [header, ...cells, ['all', String(total.users), String(total.due), String(total.reminded), shareText(total)]];
  const widths = header.map((_, i) => Math.max(...all.map((row) => (row[i] as string).length)));
  const line = (row: string[]) => row.map((s, i) => (i === 0 ? s.padEnd(widths[i] as number) : s.padStart(widths[i] as number))).join('  ');
  const rule = widths.map((w) => '─'.repeat(w)).join('──');
  return [line(header), rule, ...cells.map(line), rule, line(all[all.length - 1] as string[])].join('\n');
}
