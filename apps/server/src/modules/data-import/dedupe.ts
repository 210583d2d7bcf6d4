import type { DedupeKey, FieldDefinition, ObjectMetadata } from '@crm/schema';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { scopeCondition, type AccessContext } from '../../engine/permissions/access.js';

type Row = Record<string, unknown>;
export type { DedupeKey };

/** A phone number as E.164 (+8613800138000), reading numbers without a country code as Chinese. */
export function normalizePhone(value: unknown): string | null {
  if (typeof value !== 'string' || !value.trim()) return null;
  const parsed = parsePhoneNumberFromString(value, 'CN');
  return parsed?.isPossible() ? parsed.number : value.replace(/\D/g, '') || null;
}

/** Digit strings a stored number may have for one E.164 number (with or without country code, 0 prefix). */
function digitVariants(e164: string): string[] {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return [e164.replace(/\D/g, '')];
  const national = parsed.nationalNumber;
  return [national, `${parsed.countryCallingCode}${national}`, `00${parsed.countryCallingCode}${national}`, `0${national}`];
}

/** One way records match: per row, the keys it has; per batch, which stored record each key finds. */
interface Matcher {
  keysOf(values: Row): string[];
  lookup(db: Kysely<Database>, keys: string[], ctx: AccessContext): Promise<Map<string, string>>;
  /** Expression indexes that make lookups set-based at a million rows. */
  indexes: { name: string; expression: string }[];
}

const lower = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim().toLowerCase() : null);
const digits = (col: string) => `regexp_replace(${col}, '[^0-9]', '', 'g')`;

function emailMatcher(meta: ObjectMetadata, field: FieldDefinition): Matcher {
  return {
    keysOf: (v) => (lower(v[field.name]) ? [`${field.name}:${lower(v[field.name])}`] : []),
    async lookup(db, keys, ctx) {
      const emails = keys.map((k) => k.slice(field.name.length + 1));
      const { rows } = await sql<{ id: string; k: string }>`
        SELECT t.id, lower(${sql.ref(`t.${field.name}`)}) AS k FROM ${sql.table(meta.name)} t
        WHERE lower(${sql.ref(`t.${field.name}`)}) = ANY(${sql.val(emails)}::text[]) AND t.deleted_at IS NULL AND ${scopeCondition(ctx, meta.name, 'read')}
        ORDER BY t.created_at`.execute(db);
      return firstById(rows.map((r) => [`${field.name}:${r.k}`, r.id]));
    },
    indexes: [{ name: `${meta.name}_imp_lower_${field.name}`, expression: `lower("${field.name}")` }],
  };
}

function phoneMatcher(meta: ObjectMetadata, field: FieldDefinition): Matcher {
  return {
    keysOf: (v) => {
      const n = normalizePhone(v[field.name]);
      return n ? [`${field.name}:${n}`] : [];
    },
    async lookup(db, keys, ctx) {
      const variants = keys.flatMap((k) => digitVariants(k.slice(field.name.length + 1)));
      const { rows } = await sql<{ id: string; v: string }>`
        SELECT t.id, ${sql.ref(`t.${field.name}`)} AS v FROM ${sql.table(meta.name)} t
        WHERE ${sql.raw(digits(`t."${field.name}"`))} = ANY(${sql.val(variants)}::text[]) AND t.deleted_at IS NULL AND ${scopeCondition(ctx, meta.name, 'read')}
        ORDER BY t.created_at`.execute(db);
      return firstById(rows.map((r) => [`${field.name}:${normalizePhone(r.v)}`, r.id]));
    },
    indexes: [{ name: `${meta.name}_imp_digits_${field.name}`, expression: digits(`"${field.name}"`) }],
  };
}

/**
 * Title (name) alone, or title + a `company` text field: one lower-cased key per row. Objects
 * without a company field (customers, deals, products) match on the name only.
 */
function nameMatcher(meta: ObjectMetadata, company: FieldDefinition | undefined): Matcher {
  const name = meta.titleField;
  const parts = (alias: string) => [`lower(${alias}"${name}")`, ...(company ? [`lower(coalesce(${alias}"${company.name}", ''))`] : [])];
  const prefix = company ? 'nc' : 'n';
  return {
    keysOf: (v) => (lower(v[name]) ? [`${prefix}:${lower(v[name])}|${company ? (lower(v[company.name]) ?? '') : ''}`] : []),
    async lookup(db, keys, ctx) {
      const pairs = keys.map((k) => k.slice(prefix.length + 1).split('|'));
      const [n, c] = parts('t.');
      const { rows } = await sql<{ id: string; n: string; c: string }>`
        SELECT t.id, ${sql.raw(n)} AS n, ${sql.raw(c ?? "''")} AS c FROM ${sql.table(meta.name)} t
        WHERE (${sql.raw(n)}, ${sql.raw(c ?? "''")}) IN (
          SELECT * FROM unnest(${sql.val(pairs.map((p) => p[0]))}::text[], ${sql.val(pairs.map((p) => p[1]))}::text[]))
          AND t.deleted_at IS NULL AND ${scopeCondition(ctx, meta.name, 'read')}
        ORDER BY t.created_at`.execute(db);
      return firstById(rows.map((r) => [`${prefix}:${r.n}|${r.c}`, r.id]));
    },
    // An index expression list may not hold a constant: without a company the index is on the name alone.
    indexes: [{ name: `${meta.name}_imp_${company ? 'name_company' : 'name'}`, expression: parts('').join(', ') }],
  };
}

/** The record's id in another system, compared exactly (Salesforce ids are case-sensitive); the unique index makes it a lookup. */
function externalIdMatcher(meta: ObjectMetadata): Matcher {
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
  return {
    keysOf: (v) => (text(v.external_id) ? [`x:${text(v.external_id)}`] : []),
    async lookup(db, keys, ctx) {
      const { rows } = await sql<{ id: string; k: string }>`
        SELECT t.id, t.external_id AS k FROM ${sql.table(meta.name)} t
        WHERE t.external_id = ANY(${sql.val(keys.map((k) => k.slice(2)))}::text[]) AND t.deleted_at IS NULL AND ${scopeCondition(ctx, meta.name, 'read')}`.execute(db);
      return firstById(rows.map((r) => [`x:${r.k}`, r.id]));
    },
    indexes: [],
  };
}

/** A `company` text field, for the name + company key. */
const companyField = (meta: ObjectMetadata) => meta.fields.find((f) => f.name === 'company' && f.type === 'text' && !f.archived);

/** The dedupe keys an object's fields allow, in the order the wizard offers them. */
export function offeredKeys(meta: ObjectMetadata): DedupeKey[] {
  const live = meta.fields.filter((f) => !f.archived);
  const keys: DedupeKey[] = [];
  if (live.some((f) => f.name === 'external_id')) keys.push('external_id');
  if (live.some((f) => f.type === 'email')) keys.push('email');
  if (live.some((f) => f.type === 'phone')) keys.push('phone');
  if (companyField(meta)) keys.push('name_company');
  if (live.some((f) => f.name === meta.titleField)) keys.push('name');
  return keys;
}

function firstById(entries: [string, string][]): Map<string, string> {
  const map = new Map<string, string>();
  for (const [k, id] of entries) if (!map.has(k)) map.set(k, id);
  return map;
}

/**
 * The matchers for the chosen keys among the mapped fields: email and phone compare each mapped
 * email/phone field with the same field of stored records; name + company uses the title field and
 * the `company` text field (offered only where there is one), name the title field alone.
 */
export function matchersFor(meta: ObjectMetadata, keys: DedupeKey[], mapped: Set<string>): Matcher[] {
  const out: Matcher[] = [];
  const fields = meta.fields.filter((f) => mapped.has(f.name) && !f.archived);
  // First: a row with an external id is that record, whatever its e-mail or name says now.
  if (keys.includes('external_id') && mapped.has('external_id')) out.push(externalIdMatcher(meta));
  if (keys.includes('email')) for (const f of fields.filter((f) => f.type === 'email')) out.push(emailMatcher(meta, f));
  if (keys.includes('phone')) for (const f of fields.filter((f) => f.type === 'phone')) out.push(phoneMatcher(meta, f));
  const company = companyField(meta);
  if (keys.includes('name_company') && company && mapped.has(meta.titleField)) out.push(nameMatcher(meta, company));
  if (keys.includes('name') && mapped.has(meta.titleField)) out.push(nameMatcher(meta, undefined));
  return out;
}

export async function ensureIndexes(db: Kysely<Database>, meta: ObjectMetadata, matchers: Matcher[]) {
  for (const m of matchers) {
    for (const index of m.indexes) {
      await sql.raw(`CREATE INDEX IF NOT EXISTS "${index.name.slice(0, 63)}" ON "${meta.name}" (${index.expression})`).execute(db);
    }
  }
}

/** Every key of every row of a batch looked up at once: row position → matching record id. */
export async function findExisting(db: Kysely<Database>, matchers: Matcher[], rows: Row[], ctx: AccessContext): Promise<(string | null)[]> {
  const result: (string | null)[] = rows.map(() => null);
  for (const m of matchers) {
    const keysPerRow = rows.map((r) => m.keysOf(r));
    const all = [...new Set(keysPerRow.flat())];
    if (!all.length) continue;
    const hits = await m.lookup(db, all, ctx);
    keysPerRow.forEach((keys, i) => {
      if (result[i]) return;
      for (const k of keys) if (hits.has(k)) result[i] = hits.get(k)!;
    });
  }
  return result;
}

/** All keys of a row across matchers, to find duplicates inside the file itself. */
export function rowKeys(matchers: Matcher[], values: Row): string[] {
  return matchers.flatMap((m) => m.keysOf(values));
}
