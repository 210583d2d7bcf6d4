import type { FieldDefinition } from '@crm/schema';
import { normaliseRegionValue } from '../../engine/regions/divisions.js';
import { toPhone } from '../../engine/phones/read-phone.js';
import { currencyOf, DEFAULT_FORMATS, stripMoney, type CellFormats } from './cell-formats.js';
import { matchOption, type ValueMap } from './match-values.js';
import { isBlankCell, type Cell } from './read-rows.js';
import type { CellProblem } from './reject-reason.js';

/** Thrown for a cell that cannot become a value of its field; the row's reason is made from `problem` in the importer's language. */
export class CellError extends Error {
  constructor(readonly problem: CellProblem) {
    super(`${problem.key}: ${problem.text}`);
  }
}

export interface UserDirectory {
  /** Active user id by lower-case external id, email or name. */
  byKey: Map<string, string>;
  /** How each key found its user. */
  how: Map<string, 'external_id' | 'email' | 'name'>;
  /** Names several active users share: how many. */
  ambiguous: Map<string, number>;
}

const TRUE = new Set(['true', 'yes', 'y', '1', '是', '对', '√', 'x', '✓']);
const FALSE = new Set(['false', 'no', 'n', '0', '否', '不是', '×']);

/**
 * A spreadsheet cell as the API value of its field, before the shared record schema validates it:
 * '1,200' → 1200, '2024/3/5' or an Excel date → '2024-03-05', '女' → 'female', '是' → true,
 * 'a, b；c' → ['a','b','c']. Relations stay text here; they are resolved per batch.
 * Blank is undefined (nothing to write).
 */
export function convertCell(field: FieldDefinition, cell: Cell | undefined, users: UserDirectory, map?: ValueMap, formats: CellFormats = DEFAULT_FORMATS): unknown {
  if (isBlankCell(cell)) return undefined;
  const text = cell instanceof Date ? cell.toISOString() : String(cell).trim();
  // The user's value mapping comes first: a file value mapped to "empty" writes nothing.
  if (map && (field.type === 'select' || field.type === 'user')) {
    const mapped = map.get(text);
    if (mapped !== undefined) return mapped ?? undefined;
  }
  switch (field.type) {
    case 'integer':
    case 'decimal':
    case 'percent':
      return toNumber(cell!, text);
    case 'currency':
      // A bare amount is in the import's currency (the company currency unless the user chose one).
      return { amount: toNumber(cell!, text), currency: currencyOf(text) ?? formats.currency };
    case 'date':
      return toDate(cell!, text);
    case 'datetime':
      return toDateTime(cell!, text);
    case 'boolean': {
      if (typeof cell === 'boolean') return cell;
      const t = text.toLowerCase();
      if (TRUE.has(t)) return true;
      if (FALSE.has(t)) return false;
      throw new CellError({ key: 'not_boolean', text });
    }
    case 'select':
      return optionValue(field, text);
    case 'multi_select':
      return splitList(text).flatMap((t) => {
        const mapped = map?.get(t);
        if (mapped !== undefined) return mapped === null ? [] : [mapped];
        return [optionValue(field, t)];
      });
    case 'tags':
      return splitList(text);
    case 'user': {
      const id = users.byKey.get(text.toLowerCase());
      const shared = users.ambiguous.get(text.toLowerCase());
      if (!id && shared) throw new CellError({ key: 'ambiguous_user', text, n: shared });
      if (!id) throw new CellError({ key: 'no_user', text });
      return id;
    }
    case 'region':
      // One column with the whole place (浙江省杭州市西湖区); unrecognised text is kept as the province.
      return normaliseRegionValue(text).value;
    case 'phone': {
      const phone = toPhone(typeof cell === 'number' ? String(cell) : text, formats.phoneRegion);
      if (phone === null) throw new CellError({ key: 'not_phone', text });
      return phone;
    }
    default:
      return text;
  }
}

function toNumber(cell: Cell, text: string): number {
  if (typeof cell === 'number') return cell;
  const n = Number(stripMoney(text));
  if (!Number.isFinite(n) || text === '') throw new CellError({ key: 'not_number', text });
  return n;
}

function pad(n: number | string) {
  return String(n).padStart(2, '0');
}

/** Excel stores dates as serial days since 1899-12-30. */
function excelSerialToDate(serial: number): Date {
  return new Date(Math.round((serial - 25569) * 86_400_000));
}

function toDate(cell: Cell, text: string): string {
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  if (typeof cell === 'number' && cell > 1 && cell < 2_958_466) return excelSerialToDate(cell).toISOString().slice(0, 10);
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?$/.exec(text);
  if (m) return `${m[1]}-${pad(m[2])}-${pad(m[3])}`;
  throw new CellError({ key: 'not_date', text });
}

function toDateTime(cell: Cell, text: string): string {
  if (cell instanceof Date) return cell.toISOString();
  if (typeof cell === 'number') return excelSerialToDate(cell).toISOString();
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  // Local times in a Chinese sheet are Beijing time.
  if (m) return new Date(`${m[1]}-${pad(m[2])}-${pad(m[3])}T${pad(m[4] ?? 0)}:${m[5] ?? '00'}:${m[6] ?? '00'}+08:00`).toISOString();
  const d = new Date(text);
  if (!Number.isNaN(d.getTime())) return d.toISOString();
  throw new CellError({ key: 'not_datetime', text });
}

/** A select cell may hold the option's value, its Chinese or English label (any case) or a known synonym (Closed Won → won). */
function optionValue(field: FieldDefinition, text: string): string {
  const option = matchOption(field, text);
  if (!option) throw new CellError({ key: 'not_option', text, options: (field.options ?? []).map((o) => o.label.zh).join('/') });
  return option.value;
}

function splitList(text: string): string[] {
  return text.split(/[,，;；、|\n]/).map((s) => s.trim()).filter(Boolean);
}
