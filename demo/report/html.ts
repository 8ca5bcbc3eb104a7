// The report: one self-contained HTML file (inline CSS and SVG, no script) with the run's settings,
// the summary table and the same figures as charts.
import type { Check } from '../summary/checks';
import { LIFT_NOTE, liftText, reminderGroupText, signedPoints, type DayLift } from '../summary/lift';
import type { CollectionSize } from '../summary/sources';
import { columns } from '../summary/columns';
import { reasonName } from '../summary/reasons';
import { shareText, type PersonaFigures } from '../summary/personas';
import { failedTotal, type DayFigures, type Summary } from '../summary/summarize';
import { barChart, escapeHtml, intervalChart } from './svg';

export interface ReportInput {
  summary: Summary;
  /** Run settings shown at the top, label → value. */
  settings: Array<[string, string]>;
  /** Users per persona: what the persona does, its response model (base chance, uplift), and their due user-days and reminders. */
  population: Array<PersonaFigures & { base: string; uplift: number }>;
  /** Consistency checks between sources, e.g. outbox vs the functions' answers. */
  checks: Check[];
  /** The database's collections when the simulation ended, with their sizes. */
  collections: CollectionSize[];
  /** The holdout the functions ran with, and the simulated users' true lift (same day) when known. */
  experiment: { holdoutPercent: number; trueLift: number | null };
}

const REASON_COLORS = ['#e4572e', '#f3a712', '#a8c686', '#669bbc', '#8e5572', '#29335c', '#c0c0c0'];

function table(summary: Summary): string {
  const cols = columns(summary);
  const row = (d: DayFigures) =>
    `<tr>${cols.map((c, i) => (i === 0 ? `<th scope="row">${escapeHtml(String(c.value(d)))}</th>` : `<td>${c.value(d)}</td>`)).join('')}</tr>`;
  return `<table><thead><tr>${cols.map((c) => `<th scope="col">${escapeHtml(c.long)}</th>`).join('')}</tr></thead>
<tbody>${summary.days.map(row).join('\n')}</tbody><tfoot>${row(summary.total)}</tfoot></table>`;
}

/** The run log's view: users a run took on but did not remind, by the function's reason. */
function notRemindedTable(summary: Summary): string {
  const reasons = [...new Set(summary.days.flatMap((d) => Object.keys(d.notReminded)))].sort();
  if (reasons.length === 0) return '';
  const row = (d: DayFigures) =>
    `<tr><th scope="row">${escapeHtml(d.date)}</th><td>${d.dueInRuns}</td><td>${d.sentInRuns}</td>${reasons.map((r) => `<td>${d.notReminded[r] ?? 0}</td>`).join('')}</tr>`;
  return `<h2>Run log: users taken on and not reminded, by reason</h2>
<table><thead><tr><th scope="col">date</th><th scope="col">taken on (Σ runs)</th><th scope="col">sent (Σ runs)</th>${reasons.map((r) => `<th scope="col">${escapeHtml(r)}</th>`).join('')}</tr></thead>
<tbody>${summary.days.map(row).join('')}</tbody><tfoot>${row(summary.total)}</tfoot></table>
<p class="note">From <code>reminderRuns</code>: a user a run could not remind is taken on again by a later run the same day, so these add up runs, not users.</p>`;
}

/** Do reminders work? The two groups, the lift with its interval per day and over the period, and the truth beside it. */
function liftSection(summary: Summary, { holdoutPercent, trueLift }: ReportInput['experiment']): string {
  if (holdoutPercent === 0) {
    return `<h2>Do reminders work?</h2>
<p>No user-day was held out (holdout 0 %), so the lift of a reminder cannot be measured${trueLift === null ? '' : ` (the simulated users' true lift: ${signedPoints(trueLift)} pp)`}. Run <code>npm start -- --holdout 20</code> to hold out 20 % of the due user-days.</p>`;
  }
  const { days, period } = summary.lift;
  const row = (d: DayLift) =>
    `<tr><th scope="row">${escapeHtml(d.date)}</th><td>${reminderGroupText(d.sameDay, 'reminded')}</td><td>${reminderGroupText(d.sameDay, 'heldOut')}</td><td>${escapeHtml(liftText(d.sameDay))}</td><td>${escapeHtml(liftText(d.within2h))}</td></tr>`;
  const pp = (x: number) => x * 100;
  const chart = intervalChart({
    title: 'Lift of a reminder, same day, with its 95 % interval',
    unit: ' pp',
    rows: [...days, period].map((d) => ({
      label: d.date === 'period' ? 'period' : d.date.slice(5),
      estimate: d.sameDay.enough ? { value: pp(d.sameDay.lift), low: pp(d.sameDay.interval.low), high: pp(d.sameDay.interval.high) } : null,
    })),
    ...(trueLift === null ? {} : { reference: { value: pp(trueLift), name: `true lift ${signedPoints(trueLift)} pp` } }),
  });
  return `<h2>Do reminders work?</h2>
<p>${holdoutPercent} % of the due user-days were held out — not reminded, chosen by a hash of the user and the date — and both groups' check-ins counted by the functions (<code>dailyStats</code>).${
    trueLift === null ? '' : ` <strong>True lift</strong> of the simulated users (their response model), same day: <strong>${signedPoints(trueLift)} pp</strong>; measured over the period: <strong>${escapeHtml(liftText(period.sameDay))}</strong>.`
  }</p>
<table class="lift"><thead><tr><th scope="col">date</th><th scope="col">reminded: checked in</th><th scope="col">held out: checked in</th><th scope="col">lift, same day</th><th scope="col">lift, ≤ 2 h</th></tr></thead>
<tbody>${days.map(row).join('')}</tbody><tfoot>${row(period)}</tfoot></table>
<p class="note">${escapeHtml(LIFT_NOTE)}</p>
${chart}`;
}

function charts(summary: Summary): string[] {
  const labels = summary.days.map((d) => d.date.slice(5));
  const of = (f: (d: DayFigures) => number) => summary.days.map(f);
  return [
    barChart({
      title: 'Check-ins per day',
      labels,
      stacked: true,
      series: [
        { name: 'within 2 h after a reminder', color: '#07c160', values: of((d) => d.checkedInAfterReminder) },
        { name: 'other check-ins', color: '#b7c4cf', values: of((d) => d.checkedIn - d.checkedInAfterReminder) },
      ],
    }),
    barChart({
      title: 'Reminders per day',
      labels,
      series: [
        { name: 'due', color: '#669bbc', values: of((d) => d.due) },
        { name: 'reminded', color: '#07c160', values: of((d) => d.reminded) },
        { name: 'failed sends', color: '#e4572e', values: of(failedTotal) },
      ],
    }),
    barChart({
      title: 'Failed sends by errcode',
      labels,
      stacked: true,
      series: summary.reasons.map((r, i) => ({ name: `${r} ${reasonName(r)}`, color: REASON_COLORS[i % REASON_COLORS.length] as string, values: of((d) => d.failed[r] ?? 0) })),
    }),
    barChart({ title: 'Credits expired per day', labels, series: [{ name: 'form ids expired unused', color: '#f3a712', values: of((d) => d.creditsExpired) }] }),
  ];
}

const STYLE = `body{font:14px/1.5 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;margin:24px auto;max-width:1040px;color:#1f2328;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:12px 0}dt{color:#57606a}dd{margin:0}
table{border-collapse:collapse;font-variant-numeric:tabular-nums;margin:8px 0}th,td{border-bottom:1px solid #d8dee4;padding:4px 10px;text-align:right}
thead th{font-weight:600;vertical-align:bottom;font-size:12px;color:#57606a}tbody th,tfoot th{white-space:nowrap}thead th:first-child{text-align:left}tbody th,tfoot th{text-align:left;font-weight:500}tfoot td,tfoot th{font-weight:700;border-top:2px solid #8c959f}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(480px,1fr));gap:16px}svg{max-width:100%;height:auto;background:#fafbfc;border:1px solid #eaeef2;border-radius:6px}
svg .title{font-weight:600;font-size:13px}svg .tick,svg .legend{font-size:11px;fill:#57606a}svg .grid{stroke:#eaeef2}
svg .zero{stroke:#8c959f}svg .reference{stroke:#cf222e;stroke-dasharray:4 3}svg .interval{stroke:#07c160;stroke-width:3}svg .estimate{fill:#1f2328}
.ok{color:#1a7f37}.bad{color:#cf222e;font-weight:600}ul.checks{padding-left:18px}.note{color:#57606a;font-size:13px}`;

export function renderReport(input: ReportInput): string {
  const { summary } = input;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Check-in reminders — simulated ${summary.days.length} days</title><style>${STYLE}</style></head>
<body>
<h1>Check-in reminders — a simulated ${summary.days.length === 7 ? 'week' : `${summary.days.length} days`}</h1>
<p class="note">Every figure is read back from the local emulator after the run: WeChat's outbox and send attempts, the database's collections, and the timer functions' answers.</p>
<dl>${input.settings.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>
<h2>Per day</h2>
${table(summary)}
<p class="note">due: distinct users that day's sendReminders runs took on (their claims in <code>users</code>) · reminded: messages in WeChat's outbox · failed: send attempts WeChat refused, by errcode (${summary.total.injected} of them injected faults) · checked in: check-in records · ≤ 2 h: check-ins within two hours after that user's reminder · credits expired: form credits marked expired, by expiry date.</p>
${liftSection(summary, input.experiment)}
${notRemindedTable(summary)}
<h2>Charts</h2>
<div class="charts">${charts(summary).join('\n')}</div>
<h2>Cross-checks</h2>
<ul class="checks">${input.checks.map((c) => `<li class="${c.ok ? 'ok' : 'bad'}">${c.ok ? '✓' : '✗'} ${escapeHtml(c.label)}: ${escapeHtml(c.detail)}</li>`).join('')}</ul>
<h2>Collections at the end</h2>
<table><thead><tr><th scope="col">collection</th><th scope="col">documents</th></tr></thead>
<tbody>${input.collections.map((c) => `<tr><th scope="row">${escapeHtml(c.name)}</th><td>${c.documents.toLocaleString('en-US')}</td></tr>`).join('')}</tbody></table>
<p class="note">What storage holds: the expiry sweep keeps check-ins to the last 90 days and run logs to 90 days, and deletes settled credits after 30 (docs/data-model.md).</p>
<h2>Simulated users</h2>
<table><thead><tr><th scope="col">persona</th><th scope="col">users</th><th scope="col">base chance a day</th><th scope="col">uplift: answers a reminder</th><th scope="col">due user-days</th><th scope="col">reminded</th><th scope="col">share reminded</th><th scope="col">habit</th></tr></thead>
<tbody>${input.population.map((p) => `<tr><th scope="row">${escapeHtml(p.persona)}</th><td>${p.users}</td><td>${escapeHtml(p.base)}</td><td>${p.uplift.toFixed(2)}</td><td>${p.due}</td><td>${p.reminded}</td><td>${shareText(p)}</td><td style="text-align:left">${escapeHtml(p.description)}</td></tr>`).join('')}</tbody></table>
<p class="note">due user-days: the days a sendReminders run took the user on (as "due" above); reminded: of those, the days with a message in WeChat's outbox.</p>
<p class="note">The response model (docs/demo.md): a user opens the app by themselves on a day with the base chance, at a time around their habit; a reminder is answered with the uplift chance, 2–240 minutes later. On a day the user would not have come, that is what the reminder adds; the true lift above is its mean over the reminded and held-out user-days.</p>
</body></html>
`;
}
