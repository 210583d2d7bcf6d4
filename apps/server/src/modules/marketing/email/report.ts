import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';
import type { Engine } from '../../../engine/index.js';
import { fieldAccess, scopeCondition, type AccessContext } from '../../../engine/permissions/access.js';

/** What the report counts; each is also a recipient-list filter. */
export const RECIPIENT_FILTERS = ['all', 'queued', 'delivered', 'skipped', 'opened', 'clicked', 'unsubscribed', 'bounced', 'failed'] as const;
export type RecipientFilter = (typeof RECIPIENT_FILTERS)[number];

const CONDITIONS: Record<RecipientFilter, ReturnType<typeof sql>> = {
  all: sql`true`,
  queued: sql`r.state IN ('queued', 'sending')`,
  delivered: sql`r.state = 'delivered'`,
  skipped: sql`r.state = 'skipped'`,
  opened: sql`r.opened_at IS NOT NULL`,
  clicked: sql`r.clicked_at IS NOT NULL`,
  unsubscribed: sql`r.unsubscribed_at IS NOT NULL`,
  bounced: sql`r.state = 'bounced'`,
  failed: sql`r.state IN ('failed', 'cancelled')`,
};

/** Per send: how many recipients in each figure, and skips by reason (the send must be readable). */
export async function sendReport(db: Kysely<Database>, engine: Engine, id: string, ctx: AccessContext) {
  const send = await engine.records.get('marketing_sends', id, ctx);
  const figures = sql.join(
    RECIPIENT_FILTERS.map((f) => sql`count(*) FILTER (WHERE ${CONDITIONS[f]})::int AS ${sql.ref(f)}`),
    sql`, `,
  );
  const { rows } = await sql<Record<RecipientFilter, number>>`SELECT ${figures} FROM marketing_send_recipients r WHERE r.send_id = ${id}`.execute(db);
  const reasons = await sql<{ reason: string; n: number }>`
    SELECT skip_reason AS reason, count(*)::int AS n FROM marketing_send_recipients WHERE send_id = ${id} AND state = 'skipped' GROUP BY 1 ORDER BY 1`.execute(db);
  const run = (await sql<{ started_at: Date; finished_at: Date | null }>`SELECT started_at, finished_at FROM marketing_send_runs WHERE send_id = ${id}`.execute(db)).rows[0];
  return {
    send: { id, name: send.name, status: send.status ?? 'draft', startedAt: run?.started_at ?? null, finishedAt: run?.finished_at ?? null },
    figures: rows[0],
    skipped: Object.fromEntries(reasons.rows.map((r) => [r.reason, r.n])),
  };
}

/**
 * One page of a send's recipients under a figure. The person's name and address show only where
 * the reader may read that contact or lead (and its e-mail field); other rows say nothing but the outcome.
 */
export async function listRecipients(db: Kysely<Database>, engine: Engine, id: string, filter: RecipientFilter, page: { limit: number; offset: number }, ctx: AccessContext) {
  await engine.records.get('marketing_sends', id, ctx);
  const emailVisible = (object: string) => fieldAccess(ctx, object, 'email') !== 'hidden';
  const { rows } = await sql<Record<string, unknown>>`
    SELECT r.id, r.state, r.skip_reason AS "skipReason", r.error, r.sent_at AS "sentAt", r.opened_at AS "openedAt", r.clicked_at AS "clickedAt",
      r.unsubscribed_at AS "unsubscribedAt", r.open_count AS "opens", r.click_count AS "clicks",
      CASE WHEN c.id IS NOT NULL THEN r.contact_id END AS "contactId", CASE WHEN l.id IS NOT NULL THEN r.lead_id END AS "leadId",
      coalesce(c.name, l.name) AS name, r.locale,
      CASE WHEN (c.id IS NOT NULL AND ${emailVisible('contacts')}) OR (l.id IS NOT NULL AND ${emailVisible('leads')}) THEN r.email END AS email,
      count(*) OVER ()::int AS total
    FROM marketing_send_recipients r
    LEFT JOIN contacts c ON c.id = r.contact_id AND c.deleted_at IS NULL AND ${scopeCondition(ctx, 'contacts', 'read', 'c')}
    LEFT JOIN leads l ON l.id = r.lead_id AND l.deleted_at IS NULL AND ${scopeCondition(ctx, 'leads', 'read', 'l')}
    WHERE r.send_id = ${id} AND ${CONDITIONS[filter]}
    ORDER BY r.id LIMIT ${page.limit} OFFSET ${page.offset}`.execute(db);
  const total = rows.length ? Number(rows[0].total) : 0;
  return { data: rows.map(({ total: _t, ...row }) => row), total };
}
