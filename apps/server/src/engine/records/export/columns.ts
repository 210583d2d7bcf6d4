import type { FieldDefinition, ObjectMetadata } from '@crm/schema';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';
import type { MetadataRegistry } from '../../metadata/registry.js';
import { scopeCondition, scopeFor, type AccessContext } from '../../permissions/access.js';

/** A typed spreadsheet value: XLSX keeps numbers, booleans and dates as such; CSV writes them as text. */
export type Cell = string | number | boolean | Date | null;
export type CellKind = 'text' | 'number' | 'boolean' | 'date' | 'datetime';

export interface ExportColumn {
  header: string;
  kind: CellKind;
  value(record: Record<string, unknown>, titles: Titles): Cell;
}

/** Titles of the users and related records a page of records points at (id → title). */
export type Titles = Map<string, string>;

type Lang = 'zh' | 'en';

/** Export columns of the given fields, labelled in the user's language; a currency adds its code. */
export function exportColumns(fields: FieldDefinition[], lang: Lang): ExportColumn[] {
  return fields.flatMap((f): ExportColumn[] => {
    const header = f.label[lang];
    const raw = (r: Record<string, unknown>) => r[f.name];
    switch (f.type) {
      case 'currency':
        return [
          { header, kind: 'number', value: (r) => (raw(r) as { amount: number } | null)?.amount ?? null },
          { header: lang === 'zh' ? `${f.label.zh}币种` : `${f.label.en} currency`, kind: 'text', value: (r) => (raw(r) as { currency: string } | null)?.currency ?? null },
        ];
      case 'integer':
      case 'decimal':
      case 'percent':
        return [{ header, kind: 'number', value: (r) => (raw(r) as number | null) ?? null }];
      case 'boolean':
        return [{ header, kind: 'boolean', value: (r) => (raw(r) as boolean | null) ?? null }];
      case 'date':
        return [{ header, kind: 'date', value: (r) => (raw(r) ? new Date(`${raw(r) as string}T00:00:00Z`) : null) }];
      case 'datetime':
        return [{ header, kind: 'datetime', value: (r) => (raw(r) ? new Date(raw(r) as string) : null) }];
      case 'select': {
        const labels = new Map((f.options ?? []).map((o) => [o.value, o.label[lang]]));
        return [{ header, kind: 'text', value: (r) => (raw(r) == null ? null : (labels.get(raw(r) as string) ?? (raw(r) as string))) }];
      }
      case 'multi_select': {
        const labels = new Map((f.options ?? []).map((o) => [o.value, o.label[lang]]));
        return [{ header, kind: 'text', value: (r) => joined((raw(r) as string[]).map((v) => labels.get(v) ?? v)) }];
      }
      case 'tags':
        return [{ header, kind: 'text', value: (r) => joined(raw(r) as string[]) }];
      case 'region':
        return [{ header, kind: 'text', value: (r) => regionText(raw(r)) }];
      case 'user':
      case 'relation':
        return [{ header, kind: 'text', value: (r, titles) => (raw(r) == null ? null : (titles.get(raw(r) as string) ?? (raw(r) as string))) }];
      default:
        return [{ header, kind: 'text', value: (r) => (raw(r) as string | null) ?? null }];
    }
  });
}

function joined(values: string[] | null): string | null {
  return values?.length ? values.join('; ') : null;
}

function regionText(value: unknown): string | null {
  if (!value) return null;
  const r = value as { province: string; city?: string; district?: string };
  return [r.province, r.city, r.district].filter(Boolean).join('/');
}

/**
 * Looks up, in a few queries, the names of users and the titles of related records a page points
 * at, so the file reads "张伟" rather than an id. Related titles go through the user's read scope:
 * a record they cannot read stays an id.
 */
export async function lookupTitles(db: Kysely<Database>, metadata: MetadataRegistry, fields: FieldDefinition[], page: Record<string, unknown>[], ctx: AccessContext): Promise<Titles> {
  const out: Titles = new Map();
  const idsOf = (f: FieldDefinition) => [...new Set(page.map((r) => r[f.name]).filter((v): v is string => typeof v === 'string'))];
  const userIds = [...new Set(fields.filter((f) => f.type === 'user').flatMap(idsOf))];
  if (userIds.length) {
    const users = await db.selectFrom('users').select(['id', 'name']).where('id', 'in', userIds).execute();
    for (const u of users) out.set(u.id, u.name);
  }
  for (const f of fields) {
    const target = f.type === 'relation' ? f.relation?.object : undefined;
    const ids = target ? idsOf(f) : [];
    if (!target || !ids.length || scopeFor(ctx, target, 'read') === 'none') continue;
    const meta: ObjectMetadata = metadata.get(target);
    const { rows } = await sql<{ id: string; title: string | null }>`
      SELECT t.id, t.${sql.ref(meta.titleField)}::text AS title FROM ${sql.table(target)} t
      WHERE t.id = ANY(${sql.val(ids)}::uuid[]) AND ${scopeCondition(ctx, target, 'read')}`.execute(db);
    for (const row of rows) if (row.title) out.set(row.id, row.title);
  }
  return out;
}

/**
 * Spreadsheets run a cell starting with = + - @ as a formula (CSV injection). Such text gets a
 * leading apostrophe; phone-like values (+86 138-0013-8000, -5) are left alone.
 */
export function defuse(text: string): string {
  const risky = /^[=@\t\r]/.test(text) || (/^[+-]/.test(text) && !/^[+-][\d\s().+-]*$/.test(text));
  return risky ? `'${text}` : text;
}
