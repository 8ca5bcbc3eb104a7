// The summary as a plain-text table for the terminal.
import { reasonName } from './reasons';
import { failedTotal, type DayFigures, type Summary } from './summarize';

interface Column {
  title: string;
  cell: (d: DayFigures) => string;
}

function columns(summary: Summary): Column[] {
  return [
    { title: 'date', cell: (d) => d.date },
    { title: 'due', cell: (d) => String(d.due) },
    { title: 'reminded', cell: (d) => String(d.reminded) },
    { title: 'failed sends', cell: (d) => String(failedTotal(d)) },
    ...summary.reasons.map((r) => ({ title: `  ${r}`, cell: (d: DayFigures) => String(d.failed[r] ?? 0) })),
    { title: 'checked in', cell: (d) => String(d.checkedIn) },
    { title: '≤2h after reminder', cell: (d) => String(d.checkedInAfterReminder) },
    { title: 'credits expired', cell: (d) => String(d.creditsExpired) },
  ];
}

export function formatTable(summary: Summary): string {
  const cols = columns(summary);
  const rows = [...summary.days, summary.total].map((d) => cols.map((c) => c.cell(d)));
  const widths = cols.map((c, i) => Math.max(c.title.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) => cells.map((s, i) => (i === 0 ? s.padEnd(widths[i] as number) : s.padStart(widths[i] as number))).join('  ');
  const rule = widths.map((w) => '─'.repeat(w)).join('──');
  const out = [line(cols.map((c) => c.title)), rule, ...rows.slice(0, -1).map(line), rule, line(rows[rows.length - 1] as string[])];
  if (summary.reasons.length > 0) {
    out.push('', `failed = send attempts WeChat refused, by errcode: ${summary.reasons.map((r) => `${r} ${reasonName(r)}`).join(' · ')}`);
  }
  return out.join('\n');
}
