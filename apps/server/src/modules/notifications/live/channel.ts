import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';

/**
 * One NOTIFY channel per schema, so test schemas (and installs) sharing a PostgreSQL server never
 * hear each other. notify() computes it in SQL from current_schema(), the listener from the handle.
 */
export const channelFor = (schema: string) => `crm_notify_${schema}`;

/**
 * What travels on the channel: a new in-app notification of a user, "deliveries are waiting", or a
 * small message of another module on its topic (ids only: a NOTIFY payload is limited to 8 kB).
 */
export type LiveMessage = { type: 'notification'; userId: string; id: string } | { type: 'deliveries' } | TopicMessage;
export type TopicMessage = { type: 'topic'; topic: string; data: Record<string, unknown> };

/** Sent on commit of the caller's transaction (PostgreSQL semantics, PGlite too). */
export async function announce(db: Kysely<Database>, messages: LiveMessage[]) {
  if (!messages.length) return;
  await sql`SELECT pg_notify('crm_notify_' || current_schema(), m) FROM unnest(${messages.map((m) => JSON.stringify(m))}::text[]) AS m`.execute(db);
}
