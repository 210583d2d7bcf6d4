import type { Readable } from 'node:stream';
import chardet from 'chardet';
import { parse as parseCsv } from 'csv-parse';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

export type FileFormat = 'csv' | 'xlsx';
/** A cell as read: CSV gives text; XLSX also real numbers, dates and booleans. */
export type Cell = string | number | boolean | Date | null;

/** XLSX is a zip (PK\x03\x04); anything else is read as CSV. */
export function detectFormat(head: Buffer, fileName: string): FileFormat {
  if (head.length >= 4 && head.readUInt32BE(0) === 0x504b0304) return 'xlsx';
  if (/\.xlsx$/i.test(fileName)) return 'xlsx';
  return 'csv';
}

/**
 * The text encoding of a CSV from its first bytes: a UTF-8 BOM or valid UTF-8 is UTF-8; otherwise
 * chardet decides, and the GB family maps to GB18030 (a superset of GB2312 and GBK, what Excel on
 * Chinese Windows writes). chardet confuses single accented letters (Crédito) with double-byte
 * Chinese or Japanese, and the reverse; the shape of the bytes settles it: a Chinese, Japanese or
 * Korean text has its high bytes in runs, a Western text has them alone between ASCII letters.
 */
export function detectEncoding(head: Buffer): string {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (isUtf8(head)) return 'utf-8';
  const guess = (chardet.detect(head) ?? '').toLowerCase();
  const single = mostlySingleHighBytes(head);
  if (single) return /iso-8859|windows-125/.test(guess) && guess !== 'iso-8859-1' && iconv.encodingExists(guess) ? guess : 'windows-1252';
  if (!guess || /gb|euc-cn|hz|iso-8859|windows-125/.test(guess) || !iconv.encodingExists(guess)) return 'gb18030';
  return guess;
}

/** Most bytes ≥ 0x80 stand alone between ASCII bytes: a Latin-1/Windows-1252 text, not a double-byte one. */
function mostlySingleHighBytes(bytes: Buffer): boolean {
  let high = 0;
  let alone = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] < 0x80) continue;
    high++;
    if ((i === 0 || bytes[i - 1] < 0x80) && (i + 1 >= bytes.length || bytes[i + 1] < 0x80)) alone++;
  }
  return high > 0 && alone / high > 0.6;
}

function isUtf8(bytes: Buffer): boolean {
  // The sample may end inside a multi-byte character: drop up to 3 trailing bytes of it.
  let end = bytes.length;
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const b = bytes[end - back];
    if ((b & 0xc0) === 0xc0) {
      end -= back;
      break;
    }
    if ((b & 0x80) === 0) break;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end));
    return true;
  } catch {
    return false;
  }
}

/** Every row of the file's first sheet (or the CSV), headers included, streamed. */
export async function* readRows(file: Readable, format: FileFormat, encoding: string | null): AsyncGenerator<Cell[]> {
  if (format === 'csv') {
    const parser = file.pipe(iconv.decodeStream(encoding ?? 'utf-8', { stripBOM: true })).pipe(
      parseCsv({ relax_column_count: true, relax_quotes: true, skip_empty_lines: true, bom: true }),
    );
    for await (const record of parser) yield record as string[];
    return;
  }
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'emit' });
  for await (const sheet of reader) {
    let expected = 1;
    for await (const row of sheet) {
      // Streaming rows skip empty lines; keep row numbers aligned with what Excel shows.
      for (; expected < row.number; expected++) yield [];
      expected = row.number + 1;
      const values = row.values as unknown[];
      yield values.slice(1).map(cellValue);
    }
    return; // the first sheet only
  }
}

function cellValue(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  const v = value as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: string };
  if (v.richText) return v.richText.map((r) => r.text).join('');
  if ('result' in v) return cellValue(v.result);
  if (v.text !== undefined) return cellValue(v.text);
  if (v.error) return null;
  return String(value);
}

export const isBlankCell = (cell: Cell | undefined) => cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');

/**
 * The header of a sheet. Merged header cells leave blanks: a two-level header (a merged group
 * title such as 联系方式 over 手机 | 邮箱) is recognised when row 1 has blanks that row 2 fills
 * with text; each column then takes its row-2 name, or row 1's where row 2 is blank (a cell
 * merged downwards). Returns the names and how many rows they used.
 */
export function headerOf(rows: Cell[][], format: FileFormat): { headers: string[]; headerRows: number } {
  const first = rows[0] ?? [];
  const second = rows[1] ?? [];
  const width = Math.max(first.length, second.length);
  const text = (c: Cell | undefined) => (isBlankCell(c) ? '' : c instanceof Date ? c.toISOString().slice(0, 10) : String(c).trim());
  const gaps = [...Array(width).keys()].filter((i) => isBlankCell(first[i]));
  const twoLevel =
    format === 'xlsx' &&
    gaps.length > 0 &&
    gaps.every((i) => !isBlankCell(second[i])) &&
    second.every((c) => isBlankCell(c) || typeof c === 'string');
  if (!twoLevel) return { headers: first.map(text), headerRows: 1 };
  return { headers: [...Array(width).keys()].map((i) => text(second[i]) || text(first[i])), headerRows: 2 };
}
