// From a report page's GraphQL result to flat rows: the row list at the report's rows path, and
// each row as the values of the report's columns, in column order. Missing values are null.
import type { Report } from './report';

export type Cell = string | number | boolean | null;

export function rowList(report: Report, data: Record<string, unknown> | null | undefined): readonly Record<string, unknown>[] {
  let node: unknown = data;
  for (const key of report.rowsPath) node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : null;
  return Array.isArray(node) ? (node as Record<string, unknown>[]) : [];
}

export function flatten(report: Report, rows: readonly Record<string, unknown>[]): Cell[][] {
  const columns = report.columns;
  const out = new Array<Cell[]>(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    const cells = new Array<Cell>(columns.length);
    for (let c = 0; c < columns.length; c++) {
      const path = columns[c]!.path;
      let v: unknown = row;
      for (let i = 0; i < path.length && v !== null && v !== undefined; i++) v = (v as Record<string, unknown>)[path[i]!];
      cells[c] = v === undefined ? null : (v as Cell);
    }
    out[r] = cells;
  }
  return out;
}

/** The connection's page info of a paged report's result. */
export function pageInfo(report: Report, data: Record<string, unknown> | null | undefined): { hasNextPage: boolean; endCursor: string | null } {
  if (!report.paging) return { hasNextPage: false, endCursor: null };
  const info = ((data?.[report.paging.connection] as Record<string, unknown> | null | undefined)?.pageInfo ?? null) as { hasNextPage?: unknown; endCursor?: unknown } | null;
  return { hasNextPage: info?.hasNextPage === true, endCursor: typeof info?.endCursor === 'string' ? info.endCursor : null };
}
