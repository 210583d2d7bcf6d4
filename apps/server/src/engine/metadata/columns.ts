import type { FieldDefinition, FieldType } from '@crm/schema';

const SQL_TYPES: Record<FieldType, string> = {
  text: 'text',
  long_text: 'text',
  integer: 'integer',
  decimal: 'numeric',
  currency: 'numeric(18,2)',
  percent: 'numeric(7,2)',
  date: 'date',
  datetime: 'timestamptz',
  boolean: 'boolean',
  select: 'text',
  multi_select: 'text[]',
  email: 'text',
  phone: 'text',
  url: 'text',
  user: 'uuid',
  relation: 'uuid',
  tags: 'text[]',
  region: 'jsonb',
};

export interface Column {
  name: string;
  sqlType: string;
}

/** The SQL columns that store a field. A currency amount is two: the amount and its ISO code. */
export function columnsOf(field: FieldDefinition): Column[] {
  const main = { name: field.name, sqlType: SQL_TYPES[field.type] };
  if (field.type === 'currency') return [main, { name: `${field.name}_currency`, sqlType: 'char(3)' }];
  return [main];
}

/** API value → column values. */
export function toColumns(field: FieldDefinition, value: unknown): Record<string, unknown> {
  if (value === undefined) return {};
  switch (field.type) {
    case 'currency': {
      const v = value as { amount: number; currency?: string } | null;
      return { [field.name]: v?.amount ?? null, [`${field.name}_currency`]: v ? v.currency ?? 'CNY' : null };
    }
    case 'region':
      return { [field.name]: value === null ? null : JSON.stringify(value) };
    case 'text':
    case 'long_text':
    case 'email':
    case 'phone':
    case 'url':
    case 'select':
      return { [field.name]: value === '' ? null : value };
    case 'multi_select':
    case 'tags':
      return { [field.name]: value === null ? null : [...new Set(value as string[])] };
    default:
      return { [field.name]: value };
  }
}

/** Column values → API value. */
export function fromColumns(field: FieldDefinition, row: Record<string, unknown>): unknown {
  const raw = row[field.name];
  if (raw === null || raw === undefined) {
    if (field.type === 'multi_select' || field.type === 'tags') return [];
    return null;
  }
  switch (field.type) {
    case 'currency':
      return { amount: Number(raw), currency: String(row[`${field.name}_currency`] ?? 'CNY').trim() };
    case 'integer':
    case 'decimal':
    case 'percent':
      return Number(raw);
    case 'datetime':
      return raw instanceof Date ? raw.toISOString() : new Date(String(raw)).toISOString();
    case 'date':
      return raw instanceof Date ? raw.toISOString().slice(0, 10) : String(raw).slice(0, 10);
    case 'region':
      return typeof raw === 'string' ? JSON.parse(raw) : raw;
    default:
      return raw;
  }
}

/** Comparable for audit diffs: two values are the same change-wise if this matches. Empty lists and
 * empty text read back as "no value", so a form sending `null` for `[]` is not a change. */
export function comparable(value: unknown): string {
  const empty = value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
  return JSON.stringify(empty ? null : value);
}
