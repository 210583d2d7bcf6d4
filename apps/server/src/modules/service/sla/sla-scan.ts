import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';
import { notify } from '../../notifications/notify.js';

interface Flagged {
  id: string;
  number: string;
  subject: string;
  owner_id: string | null;
  lead_user_id: string | null;
  sla_state: 'warning' | 'breached';
}

/**
 * Flags open tickets whose SLA reached its warning (80 %) or breach time, in ONE set-based UPDATE
 * over the indexed due columns (bench/sla-scan.ts measures it at 1,000,000 tickets), then tells the
 * assignee of a warning and the assignee and group lead of a breach. Dedupe keys make a retried or
 * concurrent scan (several instances) notify once.
 */
export async function runSlaScan(db: Kysely<Database>, now: Date): Promise<{ warned: number; breached: number }> {
  const breachAt = sql`CASE WHEN t.first_responded_at IS NULL THEN least(t.first_response_due_at, t.resolution_due_at) ELSE t.resolution_due_at END`;
  const { rows } = await sql<Flagged>`
    UPDATE tickets t SET sla_state = CASE WHEN ${breachAt} <= ${now} THEN 'breached' ELSE 'warning' END, updated_at = ${now}
    WHERE t.deleted_at IS NULL AND t.status IN ('new', 'open')
      AND ((t.sla_state = 'ok' AND t.sla_warn_at <= ${now})
        OR (t.sla_state IN ('ok', 'warning') AND (t.resolution_due_at <= ${now} OR (t.first_responded_at IS NULL AND t.first_response_due_at <= ${now}))))
    RETURNING t.id, t.number, t.subject, t.owner_id, t.sla_state,
      (SELECT g.lead_user_id FROM support_groups g WHERE g.id = t.support_group_id AND g.deleted_at IS NULL) AS lead_user_id`.execute(db);
  if (rows.length) await writeAudit(db, rows);
  for (const row of rows) await tell(db, row);
  return { warned: rows.filter((r) => r.sla_state === 'warning').length, breached: rows.filter((r) => r.sla_state === 'breached').length };
}

/** One audit entry per flagged ticket, set-based (the flags are a system change the history shows). */
async function writeAudit(db: Kysely<Database>, rows: Flagged[]) {
  await sql`
    INSERT INTO audit_log (object, record_id, action, actor_id, changes)
    SELECT 'tickets', r.id, 'update', NULL, jsonb_build_object('sla_state', jsonb_build_object('from', NULL, 'to', r.state))
    FROM unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.sla_state)}::text[]) AS r(id, state)`.execute(db);
}

async function tell(db: Kysely<Database>, row: Flagged) {
  const breached = row.sla_state === 'breached';
  const userIds = [...new Set([row.owner_id, breached ? row.lead_user_id : null].filter((u): u is string => !!u))];
  if (!userIds.length) return;
  const users = await db.selectFrom('users').select(['id', 'locale']).where('id', 'in', userIds).where('active', '=', true).execute();
  for (const locale of new Set(users.map((u) => u.locale))) {
    const en = locale === 'en';
    const title = breached
      ? en ? `SLA breached: ticket ${row.number} "${row.subject}"` : `工单 ${row.number}「${row.subject}」已超出 SLA`
      : en ? `SLA at risk: ticket ${row.number} "${row.subject}"` : `工单 ${row.number}「${row.subject}」即将超出 SLA`;
    await notify(
      { userIds: users.filter((u) => u.locale === locale).map((u) => u.id), kind: breached ? 'sla_breach' : 'sla_warning', title, link: `/service/tickets/${row.id}`, object: 'tickets', recordId: row.id, dedupeKey: `sla:${row.sla_state}:${row.id}` },
      db,
    );
  }
}
