import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';

/** What a visitor may see of their chat: its state and the agent's name (never the agent's id or the contact). */
export async function sessionView(db: Kysely<Database>, id: string) {
  const row = await db
    .selectFrom('chat_sessions as s')
    .leftJoin('users as u', 'u.id', 's.agent_id')
    .select(['s.id', 's.status', 'u.name as agentName'])
    .where('s.id', '=', id)
    .executeTakeFirst();
  return row ? { id: row.id, status: row.status, agentName: row.agentName ?? null } : null;
}

/** A chat as the agents' console shows it. */
export async function agentSessions(db: Kysely<Database>, where: (q: ReturnType<typeof base>) => ReturnType<typeof base>) {
  const rows = await where(base(db)).orderBy('s.started_at').limit(200).execute();
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    visitorName: r.visitor_name,
    visitorEmail: r.visitor_email,
    language: r.language,
    pageUrl: r.page_url,
    contactId: r.contact_id,
    customerId: r.customer_id,
    agentId: r.agent_id,
    agentName: r.agentName ?? null,
    ticketId: r.ticket_id,
    ticketNumber: r.ticketNumber ?? null,
    startedAt: r.started_at,
    acceptedAt: r.accepted_at,
    endedAt: r.ended_at,
    lastMessageAt: r.last_message_at,
    lastMessage: r.lastMessage ?? null,
    groupId: r.group_id,
    groupName: r.groupName ?? null,
    topic: r.topic,
    // The console counts unread from this: what it has shown is remembered per agent in the browser.
    visitorMessages: Number(r.visitorMessages ?? 0),
  }));
}

function base(db: Kysely<Database>) {
  return db
    .selectFrom('chat_sessions as s')
    .leftJoin('users as u', 'u.id', 's.agent_id')
    .selectAll('s')
    .select((eb) => [
      'u.name as agentName',
      // tickets is an engine object (not in the typed Database).
      sql<string | null>`(SELECT t.number FROM tickets t WHERE t.id = s.ticket_id)`.as('ticketNumber'),
      sql<string | null>`(SELECT g.name FROM support_groups g WHERE g.id = s.group_id)`.as('groupName'),
      eb.selectFrom('chat_messages as v').select((v) => v.fn.countAll<string>().as('n')).whereRef('v.session_id', '=', 's.id').where('v.author', '=', 'visitor').as('visitorMessages'),
      eb.selectFrom('chat_messages as m').select('m.body').whereRef('m.session_id', '=', 's.id').where('m.author', '!=', 'system').orderBy('m.id', 'desc').limit(1).as('lastMessage'),
    ]);
}
