// Output formats of the BI endpoint, written page by page. CSV follows RFC 4180 (csv-stringify:
// CRLF records, quoting only where needed, a header row, empty cells for null); timestamps are
// the ISO 8601 UTC strings GraphQL's DateTime serializes; `?bom=1` prefixes a UTF-8 byte-order
// mark, without which Excel reads UTF-8 as the local code page. JSON is one object with the rows
// in `data` and `next_cursor`; NDJSON is one row object per line (the next cursor is in `Link`).
import { stringify } from 'csv-stringify/sync';
import type { Report } from './report';
import type { Cell } from './rows';

export const FORMATS = ['csv', 'json', 'ndjson'] as const;
export type Format = (typeof FORMATS)[number];

export interface RowWriter {
  readonly contentType: string;
  start(): string;
  rows(rows: readonly Cell[][]): string;
  end(nextCursor: string | null): string;
}

export function createWriter(format: Format, report: Report, options: { bom: boolean }): RowWriter {
  const names = report.columns.map((c) => c.name);
  switch (format) {
    case 'csv':
      return {
        contentType: 'text/csv; charset=utf-8; header=present',
        start: () => (options.bom ? '\uFEFF' : '') + stringify([names], CSV_OPTIONS),
        rows: (rows) => (rows.length === 0 ? '' : stringify(rows as Cell[][], CSV_OPTIONS)),
        end: () => '',
      };
    case 'json': {
      let first = true;
      return {
        contentType: 'application/json; charset=utf-8',
        start: () => '{"data":[',
        rows(rows) {
          let out = '';
          for (const row of rows) {
            out += (first ? '' : ',') + JSON.stringify(rowObject(names, row));
            first = false;
          }
          return out;
        },
        end: (next) => `],"next_cursor":${JSON.stringify(next)}}`,
      };
    }
    case 'ndjson':
      return {
        contentType: 'application/x-ndjson; charset=utf-8',
        start: () => '',
        rows: (rows) => {
          let out = '';
          for (const row of rows) out += `${JSON.stringify(rowObject(names, row))}\n`;
          return out;
        },
        end: () => '',
      };
  }
}

const CSV_OPTIONS = {
  record_delimiter: 'windows',
  cast: { boolean: (b: boolean) => (b ? 'true' : 'false') },
} as const;

function rowObject(names: readonly string[], row: readonly Cell[]): Record<string, Cell> {
  const o: Record<string, Cell> = {};
  for (let i = 0; i < names.length; i++) o[names[i]!] = row[i] ?? null;
  return o;
}
