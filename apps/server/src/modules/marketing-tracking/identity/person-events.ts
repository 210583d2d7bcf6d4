import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';
import { emitEvent } from '../../../engine/jobs/emit-event.js';
import { eventKey, type EventRow } from '../collect/event-rows.js';

/** How far back, and how many, earlier times of the same thing an event carries (for "twice in 7 days"). */
const HISTORY_DAYS = 90;
const HISTORY_MAX = 50;

/** The topic an event of each stored type is emitted as (the automation `event` trigger takes these names). */
export const WEBSITE_TOPICS = {
  page_view: 'website.page_view',
  download: 'website.download',
  outbound_click: 'website.outbound_click',
  custom: 'website.custom',
} as const;

/** Data of a website event as automation sees it. */
export interface WebsiteEventData {
  type: EventRow['type'];
  siteId: string;
  visitorId: string;
  url: string | null;
  path: string | null;
  title: string | null;
  name: string | null;
  target: string | null;
  at: string;
  /** When the same person did the same thing (this time included), newest first, within 90 days. */
  history: string[];
}

/**
 * Emits the events of known people (a lead or contact) to the outbox, in the writer's transaction,
 * each with the times the person did the same thing before: one query for the whole batch.
 */
export async function emitPersonEvents(trx: Kysely<Database>, items: { row: EventRow; person: { object: string; recordId: string } }[]) {
  const keys = items.map(({ row }) => eventKey(row));
  const { rows: histories } = await sql<{ i: number; history: (Date | string)[] }>`
    SELECT q.i, array(
      SELECT e.at FROM tracking_visitors v JOIN tracking_events e ON e.visitor_id = v.visitor_id
      WHERE v.record_id = q.record_id AND e.type = q.type
        AND (CASE q.type WHEN 'page_view' THEN e.path WHEN 'custom' THEN e.name ELSE e.target END) = q.key
        AND e.at > now() - make_interval(days => ${HISTORY_DAYS})
      ORDER BY e.at DESC LIMIT ${HISTORY_MAX}) AS history
    FROM unnest(${sql.val(items.map((_, i) => i))}::int[], ${sql.val(items.map((x) => x.person.recordId))}::uuid[], ${sql.val(items.map((x) => x.row.type))}::text[], ${sql.val(keys)}::text[]) AS q(i, record_id, type, key)`.execute(trx);
  const byIndex = new Map(histories.map((h) => [Number(h.i), h.history.map((t) => new Date(t).toISOString())]));
  for (const [i, { row, person }] of items.entries()) {
    const data: WebsiteEventData = {
      type: row.type,
      siteId: row.site_id,
      visitorId: row.visitor_id,
      url: row.url,
      path: row.path,
      title: row.title,
      name: row.name,
      target: row.target,
      at: new Date(row.at).toISOString(),
      history: byIndex.get(i) ?? [],
    };
    await emitEvent(trx, WEBSITE_TOPICS[row.type], { object: person.object, recordId: person.recordId, data });
  }
}
