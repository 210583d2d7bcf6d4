import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';
import { emitPersonEvents } from '../identity/person-events.js';
import type { EventRow } from './event-rows.js';

const col = <K extends keyof EventRow>(rows: EventRow[], key: K) => sql.val(rows.map((r) => r[key]));

/** One INSERT of many events: an array per column, unnested (one statement, one round trip). */
export async function insertEvents(db: Kysely<Database>, rows: EventRow[]) {
  await sql`
    INSERT INTO tracking_events (site_id, visitor_id, type, name, url, path, title, referrer, target, props, at)
    SELECT * FROM unnest(${col(rows, 'site_id')}::uuid[], ${col(rows, 'visitor_id')}::uuid[], ${col(rows, 'type')}::text[], ${col(rows, 'name')}::text[],
      ${col(rows, 'url')}::text[], ${col(rows, 'path')}::text[], ${col(rows, 'title')}::text[], ${col(rows, 'referrer')}::text[],
      ${col(rows, 'target')}::text[], ${col(rows, 'props')}::jsonb[], ${col(rows, 'at')}::timestamptz[])`.execute(db);
}

/**
 * Writes a batch in one transaction with set-based statements: one upsert of the visitors (sorted,
 * so concurrent writers lock them in the same order), one INSERT of the events; events of visitors
 * already tied to a lead or contact then go to the automation engine.
 */
export async function writeEvents(db: Kysely<Database>, rows: EventRow[]) {
  if (!rows.length) return;
  const seen = new Map<string, { first: string; last: string }>();
  for (const r of rows) {
    const v = seen.get(r.visitor_id);
    if (!v) seen.set(r.visitor_id, { first: r.at, last: r.at });
    else {
      if (r.at < v.first) v.first = r.at;
      if (r.at > v.last) v.last = r.at;
    }
  }
  const ids = [...seen.keys()].sort();
  await db.transaction().execute(async (trx) => {
    const { rows: people } = await sql<{ visitor_id: string; object: string | null; record_id: string | null }>`
      INSERT INTO tracking_visitors (visitor_id, first_seen, last_seen)
      SELECT * FROM unnest(${sql.val(ids)}::uuid[], ${sql.val(ids.map((id) => seen.get(id)!.first))}::timestamptz[], ${sql.val(ids.map((id) => seen.get(id)!.last))}::timestamptz[])
      ON CONFLICT (visitor_id) DO UPDATE SET last_seen = greatest(tracking_visitors.last_seen, excluded.last_seen)
      RETURNING visitor_id, object, record_id`.execute(trx);
    await insertEvents(trx, rows);
    const known = new Map(people.filter((p) => p.record_id && p.object).map((p) => [p.visitor_id, { object: p.object!, recordId: p.record_id! }]));
    if (known.size) await emitPersonEvents(trx, rows.filter((r) => known.has(r.visitor_id)).map((row) => ({ row, person: known.get(row.visitor_id)! })));
  });
}
