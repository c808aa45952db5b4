// One grouped bar chart per workload for docs/benchmarks.md: median req/s, a group per client
// count, a bar per variant. Plain SVG written by hand (no chart library for ~60 lines of
// rectangles); a bar that was not measured is left out, never drawn as zero.
import { cellKey, type Cell } from './results';
import type { VariantSpec } from './variants';
import { WORKLOADS, type WorkloadName } from './workloads';

export interface BarSeries {
  readonly name: string;
  /** One value per group; NaN: not measured. */
  readonly values: readonly number[];
}

export interface BarChart {
  readonly title: string;
  readonly yLabel: string;
  readonly groups: readonly string[];
  readonly series: readonly BarSeries[];
}

const COLORS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const num = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1));

/** A step of 1, 2 or 5 × 10^k giving about five ticks up to at least `max`. */
function tickStep(max: number): number {
  const raw = max / 5;
  const pow = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? pow * 10;
}

export function groupedBarChart(chart: BarChart): string {
  const left = 64;
  const top = 40;
  const plotH = 260;
  const bar = 18;
  const gap = 24;
  const groupW = chart.series.length * bar + gap;
  const plotW = Math.max(chart.groups.length * groupW, 480);
  const legendH = 18 * chart.series.length + 10;
  const width = left + plotW + 20;
  const height = top + plotH + 40 + legendH;
  const max = Math.max(1, ...chart.series.flatMap((s) => s.values.filter(Number.isFinite)));
  const step = tickStep(max);
  const yMax = Math.ceil(max / step) * step;
  const y = (v: number) => top + plotH - (v / yMax) * plotH;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<title>${esc(chart.title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${left}" y="20" font-size="14" font-weight="bold">${esc(chart.title)}</text>`,
    `<text transform="translate(14 ${top + plotH / 2}) rotate(-90)" text-anchor="middle">${esc(chart.yLabel)}</text>`,
  ];
  for (let t = 0; t <= yMax + step / 2; t += step) {
    out.push(`<line x1="${left}" x2="${left + plotW}" y1="${y(t)}" y2="${y(t)}" stroke="#ddd"/>`);
    out.push(`<text x="${left - 6}" y="${y(t) + 4}" text-anchor="end">${num(t)}</text>`);
  }
  const slot = plotW / Math.max(1, chart.groups.length);
  chart.groups.forEach((group, g) => {
    const x0 = left + g * slot + (slot - chart.series.length * bar) / 2;
    out.push(`<text class="group" x="${x0 + (chart.series.length * bar) / 2}" y="${top + plotH + 16}" text-anchor="middle">${esc(group)}</text>`);
    chart.series.forEach((s, i) => {
      const v = s.values[g] ?? Number.NaN;
      if (!Number.isFinite(v)) return;
      const x = x0 + i * bar;
      out.push(
        `<rect class="bar" x="${x}" y="${y(v)}" width="${bar - 2}" height="${top + plotH - y(v)}" fill="${COLORS[i % COLORS.length]}"><title>${esc(`${s.name}, ${group}: ${num(v)}`)}</title></rect>`,
      );
    });
  });
  out.push(`<line x1="${left}" x2="${left + plotW}" y1="${top + plotH}" y2="${top + plotH}" stroke="#333"/>`);
  chart.series.forEach((s, i) => {
    const ly = top + plotH + 36 + i * 18;
    out.push(`<rect x="${left}" y="${ly - 10}" width="12" height="12" fill="${COLORS[i % COLORS.length]}"/>`);
    out.push(`<text class="legend" x="${left + 18}" y="${ly}">${esc(s.name)}</text>`);
  });
  out.push('</svg>', '');
  return out.join('\n');
}

/** The chart of one workload's median req/s, or null when nothing of it was measured. */
export function workloadChart(cells: ReadonlyMap<string, Cell>, workload: WorkloadName, variants: readonly VariantSpec[], clients: readonly number[]): string | null {
  const series = variants
    .filter((v) => v.workloads.includes(workload))
    .map((v) => ({ name: v.title, values: clients.map((c) => cells.get(cellKey(v.id, workload, c))?.rps ?? Number.NaN) }))
    .filter((s) => s.values.some(Number.isFinite));
  if (series.length === 0) return null;
  const groups = clients.map((c) => `${c} client${c === 1 ? '' : 's'}`);
  return groupedBarChart({ title: `${WORKLOADS[workload].title}: median req/s`, yLabel: 'requests per second', groups, series });
}
