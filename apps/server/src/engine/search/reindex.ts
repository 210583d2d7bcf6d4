import type { ObjectMetadata } from '@crm/schema';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { selectColumns, toApiRecord } from '../records/row-mapping.js';
import { recordLexemes } from './terms.js';

const BATCH = 1000;

/**
 * Recomputes every row's search vector from the object's current searchable fields. Needed after a
 * metadata change alters which fields are searchable (a field archived, purged, restored, or its
 * searchable flag switched), or search would keep finding records by values no longer shown.
 */
export async function reindexSearch(db: Kysely<Database>, meta: ObjectMetadata) {
  if (!meta.searchable) return;
  const fields = meta.fields.filter((f) => f.searchable && !f.archived);
  const table = sql.table(meta.name);
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const { rows } = await sql<Record<string, unknown>>`
      SELECT t.id${fields.length ? sql`, ${selectColumns(fields)}` : sql``} FROM ${table} t
      WHERE t.id > ${after} ORDER BY t.id LIMIT ${BATCH}`.execute(db);
    if (!rows.length) return;
    const vectors = rows.map((row) => {
      return { id: row.id, lex: recordLexemes(meta, toApiRecord(fields, row)) };
    });
    await sql`
      UPDATE ${table} AS t SET _search = array_to_tsvector(ARRAY(SELECT jsonb_array_elements_text(v.lex)))
      FROM jsonb_to_recordset(${JSON.stringify(vectors)}::jsonb) AS v(id uuid, lex jsonb)
      WHERE t.id = v.id`.execute(db);
    after = String(rows[rows.length - 1].id);
  }
}
