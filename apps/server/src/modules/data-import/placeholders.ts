import type { ImportPlaceholder } from '@crm/schema';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import type { Engine } from '../../engine/index.js';

/**
 * The records "create missing relations" made during an import, with their names as they are now.
 * Undo removes them with the rest of the import's records (their undo entries go too, so the list
 * empties; the count stays on the import).
 */
export async function listPlaceholders(db: Kysely<Database>, engine: Engine, importId: string, limit: number): Promise<ImportPlaceholder[]> {
  const entries = await db.selectFrom('import_changes').select(['object', 'record_id']).where('import_id', '=', importId).where('placeholder', '=', true).orderBy('object').orderBy('record_id').limit(limit).execute();
  const out: ImportPlaceholder[] = [];
  for (const object of new Set(entries.map((e) => e.object))) {
    if (!engine.metadata.has(object)) continue;
    const meta = engine.metadata.get(object);
    const { rows } = await sql<{ id: string; name: string | null }>`
      SELECT t.id, ${sql.ref(`t.${meta.titleField}`)}::text AS name FROM ${sql.table(object)} t
      WHERE t.id = ANY(${sql.val(entries.filter((e) => e.object === object).map((e) => e.record_id))}::uuid[]) AND t.deleted_at IS NULL
      ORDER BY name`.execute(db);
    out.push(...rows.map((r) => ({ object, id: r.id, name: r.name ?? '' })));
  }
  return out;
}
