// The per-day table's columns, shared by the terminal table and the report.
import { reasonName } from './reasons';
import { failedTotal, type DayFigures, type Summary } from './summarize';

export interface Column {
  /** Short title for the terminal. */
  title: string;
  /** Title spelled out for the report. */
  long: string;
  value: (d: DayFigures) => string | number;
}

export function columns(summary: Summary): Column[] {
  return [
    { title: 'date', long: 'date', value: (d) => d.date },
    { title: 'due', long: 'due', value: (d) => d.due },
    { title: 'reminded', long: 'reminded', value: (d) => d.reminded },
    { title: 'failed sends', long: 'failed sends', value: failedTotal },
    ...summary.reasons.map((r) => ({ title: `  ${r}`, long: `${r} ${reasonName(r)}`, value: (d: DayFigures) => d.failed[r] ?? 0 })),
    { title: 'checked in', long: 'checked in', value: (d) => d.checkedIn },
    { title: '≤2h after reminder', long: 'checked in ≤ 2 h after a reminder', value: (d) => d.checkedInAfterReminder },
    { title: 'credits expired', long: 'credits expired', value: (d) => d.creditsExpired },
  ];
}
