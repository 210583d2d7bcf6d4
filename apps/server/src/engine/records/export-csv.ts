import type { FieldDefinition, ListParams, ObjectMetadata } from '@crm/schema';
import { stringify } from 'csv-stringify/sync';
import type { AccessContext } from '../permissions/access.js';
import type { RecordService } from './record-service.js';
import { visibleFields } from './row-mapping.js';

const PAGE = 500;
const MAX_ROWS = 200_000;

function cell(field: FieldDefinition, value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  switch (field.type) {
    case 'currency':
      return (value as { amount: number }).amount;
    case 'region': {
      const r = value as { province: string; city?: string; district?: string };
      return [r.province, r.city, r.district].filter(Boolean).join('/');
    }
    case 'tags':
    case 'multi_select':
      return (value as string[]).join('; ');
    default:
      return typeof value === 'string' ? defuse(value) : (value as number | boolean);
  }
}

/**
 * Spreadsheets run a cell starting with = + - @ as a formula (CSV injection). Such text gets a
 * leading apostrophe; phone-like values (+86 138-0013-8000, -5) are left alone.
 */
function defuse(text: string): string {
  const risky = /^[=@\t\r]/.test(text) || (/^[+-]/.test(text) && !/^[+-][\d\s().+-]*$/.test(text));
  return risky ? `'${text}` : text;
}

/**
 * All records matching the list parameters as CSV with the user's visible fields (custom ones
 * included), labels in the user's language and a BOM so Excel opens Chinese text correctly.
 */
export async function recordsToCsv(records: RecordService, meta: ObjectMetadata, params: ListParams, ctx: AccessContext) {
  const lang = ctx.locale.startsWith('zh') ? 'zh' : 'en';
  let cursor: string | undefined;
  let fields: FieldDefinition[] | null = null;
  const lines: unknown[][] = [];
  do {
    const page = await records.list(meta.name, { ...params, limit: PAGE, cursor, count: false }, ctx, { alsoScope: 'export' });
    fields ??= visibleFields(meta, ctx, params.fields?.split(',')).filter((f) => f.name !== 'deleted_at');
    for (const record of page.data) {
      const row: unknown[] = [];
      for (const f of fields) {
        row.push(cell(f, record[f.name]));
        if (f.type === 'currency') row.push((record[f.name] as { currency?: string } | null)?.currency ?? null);
      }
      lines.push(row);
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor && lines.length < MAX_ROWS);
  const header = (fields ?? []).flatMap((f) =>
    f.type === 'currency' ? [f.label[lang], lang === 'zh' ? `${f.label.zh}币种` : `${f.label.en} currency`] : [f.label[lang]],
  );
  return '\uFEFF' + stringify([header, ...lines]);
}
