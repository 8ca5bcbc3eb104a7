// The summary as a plain-text table for the terminal, and the collections' sizes in one line.
import { columns } from './columns';
import { reasonName } from './reasons';
import type { CollectionSize } from './sources';
import type { Summary } from './summarize';

export function formatCollections(collections: readonly CollectionSize[]): string {
  return `Collections at the end: ${collections.map((c) => `${c.name} ${c.documents.toLocaleString('en-US')}`).join(' · ')}`;
}

export function formatTable(summary: Summary): string {
  const cols = columns(summary);
  const rows = [...summary.days, summary.total].map((d) => cols.map((c) => String(c.value(d))));
  const widths = cols.map((c, i) => Math.max(c.title.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) => cells.map((s, i) => (i === 0 ? s.padEnd(widths[i] as number) : s.padStart(widths[i] as number))).join('  ');
  const rule = widths.map((w) => '─'.repeat(w)).join('──');
  const out = [line(cols.map((c) => c.title)), rule, ...rows.slice(0, -1).map(line), rule, line(rows[rows.length - 1] as string[])];
  if (summary.reasons.length > 0) {
    out.push('', `failed sends = send attempts WeChat refused, by errcode: ${summary.reasons.map((r) => `${r} ${reasonName(r)}`).join(' · ')}`);
  }
  return out.join('\n');
}
