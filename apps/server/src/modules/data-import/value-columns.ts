import type { FieldDefinition, ImportValueColumn, ImportValueMatch, ObjectMetadata } from '@crm/schema';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import type { AccessContext, Engine } from '../../engine/index.js';
import { ApiError, badRequest } from '../../http/errors.js';
import { readUpload } from './file-store.js';
import type { ImportRow } from './import-store.js';
import { matchOption } from './match-values.js';
import { loadUsers } from './prepare-row.js';
import { isBlankCell, readRows } from './read-rows.js';
import { resolveLinks } from './resolve-links.js';

/** Fields whose file values the user maps one by one: selects (stage, status…), users (owner) and relations. */
export const valueMapped = (f: FieldDefinition) => ['select', 'multi_select', 'user', 'relation'].includes(f.type);
/** Selects whose options are a pipeline's: new ones are added in Settings → 销售流程, not here. */
const PIPELINE_FIELDS = new Set(['deals.stage', 'deals.pipeline']);
const LISTED = 500;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const COUNTED = 20_000;

/**
 * Every distinct value of each value-mapped column of the whole file, with counts (most frequent
 * first) and where each would go: an option by key, label or synonym, a user by e-mail or name, a
 * record by id or name. The file is streamed; at most 20,000 distinct values per column are counted.
 */
export async function valueColumns(db: Kysely<Database>, engine: Engine, imp: ImportRow, meta: ObjectMetadata, ctx: AccessContext): Promise<ImportValueColumn[]> {
  const columns = Object.entries(imp.mapping)
    .map(([name, column]) => ({ field: meta.fields.find((f) => f.name === name)!, column }))
    .filter((c) => c.field && valueMapped(c.field));
  const counts = columns.map(() => new Map<string, number>());
  const truncated = columns.map(() => false);
  let n = 0;
  for await (const cells of readRows(readUpload(db, imp.id), imp.format as 'csv' | 'xlsx', imp.encoding)) {
    if (++n <= imp.header_rows) continue;
    columns.forEach(({ field, column }, i) => {
      const cell = cells[column];
      if (isBlankCell(cell)) return;
      const text = String(cell instanceof Date ? cell.toISOString() : cell).trim();
      for (const value of field.type === 'multi_select' ? text.split(/[,，;；、|\n]/).map((s) => s.trim()).filter(Boolean) : [text]) {
        const seen = counts[i].get(value);
        if (seen !== undefined) counts[i].set(value, seen + 1);
        else if (counts[i].size < COUNTED) counts[i].set(value, 1);
        else truncated[i] = true;
      }
    });
  }
  const users = columns.some((c) => c.field.type === 'user') ? await loadUsers(db) : null;
  const out: ImportValueColumn[] = [];
  for (const [i, { field, column }] of columns.entries()) {
    const listed = [...counts[i]].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, LISTED);
    const proposals = await propose(db, engine, field, listed.map(([v]) => v), users, ctx);
    out.push({
      field: field.name,
      column,
      distinct: counts[i].size,
      truncated: truncated[i] || counts[i].size > LISTED,
      canAddOption: (field.type === 'select' || field.type === 'multi_select') && !PIPELINE_FIELDS.has(`${meta.name}.${field.name}`) && Boolean(ctx.permissions.admin),
      values: listed.map(([value, count], k) => ({ value, count, ...proposals[k] })),
    });
  }
  return out;
}

type Proposal = { proposed: string | null; match: ImportValueMatch | null };
const none: Proposal = { proposed: null, match: null };

async function propose(db: Kysely<Database>, engine: Engine, field: FieldDefinition, values: string[], users: Awaited<ReturnType<typeof loadUsers>> | null, ctx: AccessContext): Promise<Proposal[]> {
  if (field.type === 'select' || field.type === 'multi_select') {
    return values.map((v) => {
      const m = matchOption(field, v);
      return m ? { proposed: m.value, match: m.match } : none;
    });
  }
  if (field.type === 'user') {
    return values.map((v) => {
      const id = users!.byKey.get(v.toLowerCase());
      return id ? { proposed: id, match: v.includes('@') ? 'email' : 'name' } : none;
    });
  }
  const target = engine.metadata.get(field.relation!.object);
  const [links] = await resolveLinks(db, { ...target, fields: [field] } as ObjectMetadata, values.map((v) => ({ links: { [field.name]: v } })), ctx, () => target);
  return values.map((v) => {
    const id = links?.found.get(v.toLowerCase());
    return id ? { proposed: id, match: links.how.get(v.toLowerCase()) ?? 'name' } : none;
  });
}

/**
 * options.values and options.constants name fields the user may write, and values those fields
 * take: an option of the select, an active user, a record id (relations), or what the record
 * schema accepts (constants); anything else is a 400 naming it.
 */
export async function checkValueSettings(db: Kysely<Database>, engine: Engine, meta: ObjectMetadata, values: Record<string, Record<string, string | null>>, constants: Record<string, unknown>, ctx: AccessContext, importable: Set<string>) {
  const fieldOf = (path: string, name: string) => {
    const field = meta.fields.find((f) => f.name === name);
    if (!field || !importable.has(name)) throw badRequest(`${meta.name} has no importable field '${name}'`, [{ path, message: 'unknown field' }]);
    return field;
  };
  const activeUsers = new Set((await loadUsers(db)).byKey.values());
  for (const [name, entries] of Object.entries(values)) {
    const field = fieldOf(`options.values.${name}`, name);
    if (!valueMapped(field)) throw badRequest(`${name} takes no value mapping`, [{ path: `options.values.${name}`, message: 'not a select, user or relation field' }]);
    for (const [fileValue, stored] of Object.entries(entries)) {
      if (stored === null) continue;
      const path = `options.values.${name}.${fileValue}`;
      const ok =
        field.type === 'user' ? activeUsers.has(stored)
        : field.type === 'relation' ? stored.trim().length > 0
        : (field.options ?? []).some((o) => o.value === stored);
      if (!ok) throw badRequest(`${name}: '${stored}' is not a value of ${name}`, [{ path, message: field.type === 'user' ? 'no such active user' : field.type === 'relation' ? 'empty' : 'not an option' }]);
    }
  }
  for (const [name, value] of Object.entries(constants)) {
    const path = `options.constants.${name}`;
    const field = fieldOf(path, name);
    try {
      if (field.type === 'relation') {
        if (value !== null && !(typeof value === 'string' && UUID.test(value))) throw badRequest('not a record id', [{ path: name, message: 'must be a record id' }]);
        if (value !== null) await engine.records.checkReferences(db, meta, [{ [name]: value }], ctx);
      } else engine.records.parseValues(meta, { [name]: value }, 'update', ctx);
    } catch (error) {
      if (error instanceof ApiError) throw badRequest(`${path}: ${error.details[0]?.message ?? error.message}`, [{ path, message: error.details[0]?.message ?? error.message }]);
      throw error;
    }
  }
}
