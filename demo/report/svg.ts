// Charts as inline SVG (bars, and estimates with their intervals): the report stays one
// self-contained file with no script or library.

export const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface Series {
  name: string;
  color: string;
  values: number[];
}

export interface BarChart {
  title: string;
  /** One label per group of bars (a day). */
  labels: string[];
  series: Series[];
  /** Stack the series in one bar per label, else side by side. */
  stacked?: boolean;
}

const W = 640;
const H = 260;
const PAD = { left: 44, right: 12, top: 34, bottom: 48 };

/** A round axis maximum ≥ max with about 4 steps. */
function axis(max: number): { top: number; step: number } {
  if (max <= 0) return { top: 4, step: 1 };
  const raw = max / 4;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((f) => f * mag).find((s) => s >= raw) ?? 10 * mag;
  const clean = step < 1 ? 1 : step;
  return { top: Math.ceil(max / clean) * clean, step: clean };
}

export function barChart(chart: BarChart): string {
  const n = chart.labels.length;
  const totals = chart.labels.map((_, i) => (chart.stacked ? chart.series.reduce((a, s) => a + (s.values[i] ?? 0), 0) : Math.max(0, ...chart.series.map((s) => s.values[i] ?? 0))));
  const { top, step } = axis(Math.max(0, ...totals));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH;
  const slot = plotW / Math.max(1, n);
  const barGroup = slot * 0.7;
  const parts: string[] = [];
  parts.push(`<text x="${PAD.left}" y="18" class="title">${escapeHtml(chart.title)}</text>`);
  for (let v = 0; v <= top; v += step) {
    parts.push(`<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(v)}" y2="${y(v)}" class="grid"/>`);
    parts.push(`<text x="${PAD.left - 6}" y="${y(v) + 4}" class="tick" text-anchor="end">${v}</text>`);
  }
  chart.labels.forEach((label, i) => {
    const x0 = PAD.left + i * slot + (slot - barGroup) / 2;
    let base = 0;
    chart.series.forEach((s, k) => {
      const v = s.values[i] ?? 0;
      const width = chart.stacked ? barGroup : barGroup / chart.series.length;
      const x = chart.stacked ? x0 : x0 + k * width;
      const from = chart.stacked ? base : 0;
      if (v > 0) {
        parts.push(`<rect x="${x.toFixed(1)}" y="${y(from + v).toFixed(1)}" width="${Math.max(1, width - 1).toFixed(1)}" height="${(y(from) - y(from + v)).toFixed(1)}" fill="${s.color}"><title>${escapeHtml(`${label} · ${s.name}: ${v}`)}</title></rect>`);
      }
      if (chart.stacked) base += v;
    });
    parts.push(`<text x="${(PAD.left + i * slot + slot / 2).toFixed(1)}" y="${H - PAD.bottom + 16}" class="tick" text-anchor="middle">${escapeHtml(label)}</text>`);
  });
  let lx = PAD.left;
  for (const s of chart.series) {
    parts.push(`<rect x="${lx}" y="${H - 18}" width="10" height="10" fill="${s.color}"/><text x="${lx + 14}" y="${H - 9}" class="legend">${escapeHtml(s.name)}</text>`);
    lx += 24 + s.name.length * 7;
  }
  return `<svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${escapeHtml(chart.title)}">${parts.join('')}</svg>`;
}

export interface IntervalRow {
  label: string;
  /** null: no estimate (e.g. not enough data); the row says so. */
  estimate: { value: number; low: number; high: number } | null;
}

export interface IntervalChart {
  title: string;
  rows: IntervalRow[];
  /** Unit after each value on the axis, e.g. " pp". */
  unit: string;
  /** A reference drawn across every row, e.g. the true value. */
  reference?: { value: number; name: string };
}

/** One row per estimate: a dot and its interval against a zero line (a forest plot). */
export function intervalChart(chart: IntervalChart): string {
  const rowH = 26;
  const height = PAD.top + chart.rows.length * rowH + 40;
  const left = 96;
  const right = W - 20;
  const values = chart.rows.flatMap((r) => (r.estimate ? [r.estimate.low, r.estimate.high] : []));
  if (chart.reference) values.push(chart.reference.value);
  const { top, step } = axis(Math.max(1e-9, ...values.map(Math.abs)));
  const x = (v: number) => left + ((v + top) / (2 * top)) * (right - left);
  const parts = [`<text x="${PAD.left}" y="18" class="title">${escapeHtml(chart.title)}</text>`];
  const bottom = PAD.top + chart.rows.length * rowH;
  for (let v = -top; v <= top + 1e-9; v += step) {
    parts.push(`<line x1="${x(v).toFixed(1)}" x2="${x(v).toFixed(1)}" y1="${PAD.top - 6}" y2="${bottom}" class="${v === 0 ? 'zero' : 'grid'}"/>`);
    parts.push(`<text x="${x(v).toFixed(1)}" y="${bottom + 16}" class="tick" text-anchor="middle">${Number(v.toFixed(6))}${escapeHtml(chart.unit)}</text>`);
  }
  if (chart.reference) {
    const rx = x(chart.reference.value).toFixed(1);
    parts.push(`<line x1="${rx}" x2="${rx}" y1="${PAD.top - 6}" y2="${bottom}" class="reference"/>`);
    parts.push(`<text x="${rx}" y="${bottom + 32}" class="legend" text-anchor="middle">${escapeHtml(chart.reference.name)}</text>`);
  }
  chart.rows.forEach((r, i) => {
    const cy = PAD.top + i * rowH + rowH / 2;
    parts.push(`<text x="${left - 8}" y="${cy + 4}" class="tick" text-anchor="end">${escapeHtml(r.label)}</text>`);
    if (!r.estimate) {
      parts.push(`<text x="${x(0) + 6}" y="${cy + 4}" class="legend">not enough data</text>`);
      return;
    }
    const e = r.estimate;
    const tip = `${r.label}: ${e.value.toFixed(1)}${chart.unit} (${e.low.toFixed(1)} to ${e.high.toFixed(1)})`;
    parts.push(`<g><title>${escapeHtml(tip)}</title><line x1="${x(e.low).toFixed(1)}" x2="${x(e.high).toFixed(1)}" y1="${cy}" y2="${cy}" class="interval"/>`);
    parts.push(`<circle cx="${x(e.value).toFixed(1)}" cy="${cy}" r="4" class="estimate"/></g>`);
  });
  return `<svg viewBox="0 0 ${W} ${height}" width="${W}" height="${height}" role="img" aria-label="${escapeHtml(chart.title)}">${parts.join('')}</svg>`;
}
