import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../../db/types.js';

const TOP = 5;

/** What a person looked at on the company's sites: totals, top pages, downloads and custom events (most first). */
export async function interestsOf(db: Kysely<Database>, object: string, id: string) {
  const person = sql`FROM tracking_visitors v JOIN tracking_events e ON e.visitor_id = v.visitor_id WHERE v.record_id = ${id} AND v.object = ${object}`;
  const { rows: totals } = await sql<{ events: string; page_views: string; visits: string; first_at: Date | null; last_at: Date | null }>`
    SELECT count(*) AS events, count(*) FILTER (WHERE e.type = 'page_view') AS page_views,
      count(DISTINCT (e.visitor_id, date_trunc('day', e.at))) AS visits, min(e.at) AS first_at, max(e.at) AS last_at ${person}`.execute(db);
  const top = async (type: string, key: RawBuilder<unknown>, label: RawBuilder<unknown>) =>
    (
      await sql<{ key: string; label: string | null; count: string; last_at: Date }>`
        SELECT ${key} AS key, max(${label}) AS label, count(*) AS count, max(e.at) AS last_at ${person} AND e.type = ${type}
        GROUP BY 1 ORDER BY count(*) DESC, max(e.at) DESC LIMIT ${TOP}`.execute(db)
    ).rows.map((r) => ({ key: r.key, label: r.label, count: Number(r.count), lastAt: r.last_at }));
  const t = totals[0];
  return {
    events: Number(t?.events ?? 0),
    pageViews: Number(t?.page_views ?? 0),
    /** Days with at least one event, per browser: a simple, stable count of visits. */
    visits: Number(t?.visits ?? 0),
    firstAt: t?.first_at ?? null,
    lastAt: t?.last_at ?? null,
    topPages: await top('page_view', sql`e.path`, sql`e.title`),
    downloads: await top('download', sql`e.target`, sql`NULL::text`),
    customEvents: await top('custom', sql`e.name`, sql`NULL::text`),
  };
}
