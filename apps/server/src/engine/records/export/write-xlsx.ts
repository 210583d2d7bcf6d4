import ExcelJS from 'exceljs';
import { once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import type { CellKind } from './columns.js';
import type { PreparedExport } from './export-records.js';
import { asLocalWallClock } from './write-csv.js';

const NUMBER_FORMAT: Partial<Record<CellKind, string>> = { date: 'yyyy-mm-dd', datetime: 'yyyy-mm-dd hh:mm:ss' };

/**
 * The export as XLSX through exceljs's streaming writer: each row is committed (written to the zip)
 * as soon as it is added, and the writer waits for the client between pages, so memory stays flat
 * however many rows there are. Dates are real dates, numbers numbers, booleans booleans; text cells
 * are never formulas in XLSX, so they need no defusing.
 */
export function exportXlsx(prepared: PreparedExport, sheetName: string): Readable {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31));
  const kinds = prepared.columns.map((c) => c.kind);
  sheet.columns = prepared.columns.map((c) => ({
    header: c.header,
    width: c.kind === 'datetime' ? 20 : c.kind === 'date' ? 12 : Math.min(40, Math.max(10, c.header.length * 2 + 2)),
    ...(NUMBER_FORMAT[c.kind] ? { style: { numFmt: NUMBER_FORMAT[c.kind] } } : {}),
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  (async () => {
    for await (const rows of prepared.pages()) {
      for (const row of rows) {
        sheet.addRow(row.map((cell, i) => (cell instanceof Date && kinds[i] === 'datetime' ? asLocalWallClock(cell) : cell))).commit();
      }
      if (out.writableNeedDrain) await once(out, 'drain');
    }
    sheet.commit();
    await workbook.commit();
  })().catch((error: unknown) => out.destroy(error as Error));
  return out;
}
