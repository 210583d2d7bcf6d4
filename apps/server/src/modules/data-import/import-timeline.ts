import type { TimelineEntry } from '@crm/schema';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import type { TimelineSource } from '../../engine/records/related.js';

/**
 * "Created by import X" on a record's timeline. Imports audit one entry per batch (action
 * 'import', record_id = the import, the created ids listed) rather than one per record; the
 * entry shares the record's transaction, so its `at` equals the record's created_at and the
 * audit time index finds it. The entry outlives the import's undo data.
 */
export function importTimeline(db: Kysely<Database>): TimelineSource {
  return async (meta, id) => {
    const { rows } = await sql<{ at: Date | string; actor_id: string | null; import_id: string; file_name: string | null }>`
      SELECT a.at, a.actor_id, a.record_id AS import_id, i.file_name
      FROM ${sql.table(meta.name)} t
      JOIN audit_log a ON a.at = t.created_at AND a.object = ${meta.name} AND a.action = 'import'
        AND a.changes->'import'->'created' @> jsonb_build_array(t.id::text)
      LEFT JOIN imports i ON i.id = a.record_id
      WHERE t.id = ${id}`.execute(db);
    return rows.map(
      (r): TimelineEntry => ({ kind: 'change', at: new Date(r.at).toISOString(), actorId: r.actor_id, action: 'import', changes: {}, title: r.file_name ?? r.import_id, source: 'import' }),
    );
  };
}
