// The benchmark's charts: a grouped bar chart is well-formed SVG with one bar per variant × client
// count, labelled, and a cell that was not measured gets no bar rather than a zero.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { groupedBarChart, workloadChart } from '../../bench/chart';
import type { LoadResult } from '../../bench/load';
import { aggregate, type RunSample } from '../../bench/results';
import { VARIANTS, type VariantId } from '../../bench/variants';

const SAMPLE = {
  title: 'page of 100 customers + deals: median req/s',
  yLabel: 'requests per second',
  groups: ['1 client', '10 clients', '50 clients'],
  series: [
    { name: 'plain Apollo', values: [68.8, 73.8, 85.5] },
    { name: 'plain Mercurius (Fastify, graphql-jit)', values: [120, 140, 150] },
    { name: 'crm-gateway admin & <clear>', values: [99.7, 115, 121.3] },
  ],
};

function parse(svg: string) {
  expect(XMLValidator.validate(svg)).toBe(true);
  return new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(svg).svg as {
    rect: { class?: string; height: string; title?: string }[];
    text: ({ '#text': string; class?: string } | string)[];
  };
}

const texts = (svg: ReturnType<typeof parse>) => svg.text.map((t) => (typeof t === 'string' ? t : String(t['#text'])));

describe('benchmark charts', () => {
  it('renders well-formed SVG with one bar per variant × client count, group labels and a legend', () => {
    const svg = parse(groupedBarChart(SAMPLE));
    const bars = svg.rect.filter((r) => r.class === 'bar');
    expect(bars).toHaveLength(9);
    expect(bars.map((b) => b.title)).toContain('plain Mercurius (Fastify, graphql-jit), 10 clients: 140');
    expect(texts(svg)).toEqual(expect.arrayContaining([SAMPLE.title, ...SAMPLE.groups, 'plain Apollo', 'crm-gateway admin & <clear>']));
  });

  it('draws taller bars for larger values, on one scale', () => {
    const bars = parse(groupedBarChart(SAMPLE)).rect.filter((r) => r.class === 'bar');
    const height = (i: number) => Number(bars[i]!.height);
    // Bars run group by group: [0] Apollo and [1] Mercurius at 1 client.
    expect(height(1)).toBeGreaterThan(height(0));
    expect(height(1) / height(0)).toBeCloseTo(120 / 68.8, 5);
  });

  it('leaves out a bar that was not measured', () => {
    const svg = parse(groupedBarChart({ ...SAMPLE, series: [{ name: 'plain Apollo', values: [68.8, Number.NaN, 85.5] }] }));
    expect(svg.rect.filter((r) => r.class === 'bar')).toHaveLength(2);
  });

  it("charts one workload's medians from the run's cells, every variant measured on it", () => {
    const load = (rps: number): LoadResult => ({
      connections: 1,
      durationS: 1,
      completed: rps,
      rps,
      p50Ms: 1,
      p99Ms: 2,
      bytesPerResponse: 1000,
      non2xx: 0,
      errors: 0,
      timeouts: 0,
      mismatches: 0,
      errorCodes: {},
    });
    const sample = (variant: VariantId, connections: number, rps: number): RunSample => ({
      round: 1,
      variant,
      workload: 'byId',
      connections,
      load: load(rps),
      serverRequests: rps,
      commands: 2 * rps,
      commandsByName: { find: 2 * rps },
      auditRecords: null,
    });
    const cells = aggregate([sample('plain', 1, 100), sample('plain', 50, 300), sample('mercurius', 1, 120), sample('mercurius', 50, 320)]);
    const svg = parse(workloadChart(cells, 'byId', VARIANTS, [1, 50])!);
    expect(svg.rect.filter((r) => r.class === 'bar')).toHaveLength(4);
    expect(texts(svg)).toEqual(expect.arrayContaining(['plain Apollo', 'plain Mercurius (Fastify, graphql-jit)', '1 client', '50 clients']));
    expect(workloadChart(cells, 'page1000', VARIANTS, [1, 50])).toBeNull();
  });
});
