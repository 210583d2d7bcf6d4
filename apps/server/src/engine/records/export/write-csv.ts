import { stringify } from 'csv-stringify/sync';
import { Readable } from 'node:stream';
import { defuse, type Cell, type CellKind } from './columns.js';
import type { PreparedExport } from './export-records.js';

/**
 * The export as CSV, one chunk per page: UTF-8 with a BOM so Excel opens Chinese text correctly,
 * dates as YYYY-MM-DD, date-times in the server's time zone, booleans as 是/否 (Yes/No).
 */
export function exportCsv(prepared: PreparedExport, lang: 'zh' | 'en'): Readable {
  const kinds = prepared.columns.map((c) => c.kind);
  const yesNo = lang === 'zh' ? ['是', '否'] : ['Yes', 'No'];
  async function* chunks() {
    yield '\uFEFF' + stringify([prepared.columns.map((c) => c.header)]);
    for await (const rows of prepared.pages()) {
      if (rows.length) yield stringify(rows.map((row) => row.map((cell, i) => csvText(cell, kinds[i], yesNo))));
    }
  }
  return Readable.from(chunks());
}

function csvText(cell: Cell, kind: CellKind, yesNo: string[]): string | number | null {
  if (cell === null) return null;
  if (typeof cell === 'boolean') return cell ? yesNo[0] : yesNo[1];
  if (cell instanceof Date) return kind === 'date' ? cell.toISOString().slice(0, 10) : localDateTime(cell);
  return typeof cell === 'string' ? defuse(cell) : cell;
}

/** 2026-03-05 14:30:00 in the server's time zone (what people type and Excel reads as a date-time). */
export function localDateTime(d: Date): string {
  return asLocalWallClock(d).toISOString().slice(0, 19).replace('T', ' ');
}

/** The same wall-clock time, expressed in UTC: spreadsheets have no time zones, so they show UTC fields. */
export function asLocalWallClock(d: Date): Date {
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000);
}
