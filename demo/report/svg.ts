// Bar charts as inline SVG: the report stays one self-contained file with no script or library.

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
