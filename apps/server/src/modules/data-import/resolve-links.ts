import type { ObjectMetadata } from '@crm/schema';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { scopeCondition, type AccessContext } from '../../engine/permissions/access.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Per relation field: lower-case name or id → record id, and the names nothing matched. */
export interface LinkResolution {
  field: string;
  target: ObjectMetadata;
  found: Map<string, string>;
  /** How each found key matched: the record's id or its name. */
  how: Map<string, 'id' | 'name'>;
  missing: Map<string, string>;
}

/**
 * Resolves the relation cells of a batch in one query per field: a cell holding a record id links
 * to that record, otherwise to the readable record whose title (name) matches case-insensitively
 * (the oldest if several do).
 */
export async function resolveLinks(db: Kysely<Database>, meta: ObjectMetadata, rows: { links?: Record<string, string> }[], ctx: AccessContext, targetOf: (object: string) => ObjectMetadata): Promise<LinkResolution[]> {
  const out: LinkResolution[] = [];
  for (const field of meta.fields.filter((f) => f.type === 'relation' && rows.some((r) => r.links?.[f.name]))) {
    const target = targetOf(field.relation!.object);
    const keys = new Map<string, string>();
    for (const r of rows) {
      const text = r.links?.[field.name];
      if (text) keys.set(text.toLowerCase(), text);
    }
    const ids = [...keys.keys()].filter((k) => UUID.test(k));
    const names = [...keys.keys()].filter((k) => !UUID.test(k));
    const title = sql.ref(`t.${target.titleField}`);
    const { rows: hits } = await sql<{ id: string; key: string; how: 'id' | 'name' }>`
      SELECT DISTINCT ON (key) key, id, how FROM (
        SELECT t.id, t.id::text AS key, 'id' AS how, t.created_at FROM ${sql.table(target.name)} t
        WHERE t.id = ANY(${sql.val(ids)}::uuid[]) AND t.deleted_at IS NULL AND ${scopeCondition(ctx, target.name, 'read')}
        UNION ALL
        SELECT t.id, lower(${title}) AS key, 'name' AS how, t.created_at FROM ${sql.table(target.name)} t
        WHERE lower(${title}) = ANY(${sql.val(names)}::text[]) AND t.deleted_at IS NULL AND ${scopeCondition(ctx, target.name, 'read')}
      ) m ORDER BY key, created_at, id`.execute(db);
    const found = new Map(hits.map((h) => [h.key, h.id]));
    const missing = new Map([...keys].filter(([k]) => !found.has(k)));
    out.push({ field: field.name, target, found, how: new Map(hits.map((h) => [h.key, h.how])), missing });
  }
  return out;
}
