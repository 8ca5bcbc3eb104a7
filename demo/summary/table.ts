// The summary as a plain-text table for the terminal, the lift of a reminder, and the collections'
// sizes in one line.
import { columns } from './columns';
import { LIFT_NOTE, liftText, reminderGroupText, signedPoints, type DayLift, type LiftSummary } from './lift';
import { reasonName } from './reasons';
import type { CollectionSize } from './sources';
import type { Summary } from './summarize';

export function formatCollections(collections: readonly CollectionSize[]): string {
  return `Collections at the end: ${collections.map((c) => `${c.name} ${c.documents.toLocaleString('en-US')}`).join(' · ')}`;
}

/** Columns padded to their widest cell (the first left-aligned), a rule under the titles and above the last row. */
function grid(titles: string[], rows: string[][]): string[] {
  const widths = titles.map((t, i) => Math.max(t.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) => cells.map((s, i) => (i === 0 ? s.padEnd(widths[i] as number) : s.padStart(widths[i] as number))).join('  ');
  const rule = widths.map((w) => '─'.repeat(w)).join('──');
  return [line(titles), rule, ...rows.slice(0, -1).map(line), rule, line(rows[rows.length - 1] as string[])];
}

export function formatTable(summary: Summary): string {
  const cols = columns(summary);
  const out = grid(cols.map((c) => c.title), [...summary.days, summary.total].map((d) => cols.map((c) => String(c.value(d)))));
  if (summary.reasons.length > 0) {
    out.push('', `failed sends = send attempts WeChat refused, by errcode: ${summary.reasons.map((r) => `${r} ${reasonName(r)}`).join(' · ')}`);
  }
  return out.join('\n');
}

/**
 * Do reminders work? The lift per day and over the period, beside the true lift of the simulated
 * users when the simulation knows it; without a holdout, how to get one.
 */
export function formatLift(lift: LiftSummary, holdoutPercent: number, trueLift: number | null): string {
  if (holdoutPercent === 0) {
    const truth = trueLift === null ? '' : ` (the simulated users' true lift: ${signedPoints(trueLift)} pp)`;
    return `Do reminders work? No user-day was held out (holdout 0 %), so the lift cannot be measured${truth}: try npm start -- --holdout 20`;
  }
  const row = (d: DayLift) => [d.date, reminderGroupText(d.sameDay, 'reminded'), reminderGroupText(d.sameDay, 'heldOut'), liftText(d.sameDay), liftText(d.within2h)];
  const out = [
    `Do reminders work? ${holdoutPercent} % of due user-days held out (not reminded), drawn per user and day`,
    ...grid(['date', 'reminded: checked in', 'held out: checked in', 'lift, same day', 'lift, ≤ 2 h'], [...lift.days, lift.period].map(row)),
  ];
  if (trueLift !== null) out.push(`True lift of the simulated users (their response model), same day: ${signedPoints(trueLift)} pp`);
  out.push(LIFT_NOTE);
  return out.join('\n');
}
