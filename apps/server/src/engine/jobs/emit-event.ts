import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';

/** Payload of an emitted event as stored in the outbox (beside the record-event fields, left empty). */
export interface EmittedPayload {
  emitted: { object: string | null; recordId: string | null };
  data: unknown;
  cause?: { automation?: { depth?: number } };
}

/**
 * Emits a named domain event that is not a record change — `web_form.submitted`, later website
 * events from marketing — for bus subscribers (the automation module's `event` trigger listens to
 * every such topic). Written to the outbox in `db` (pass the caller's transaction), so it is
 * delivered at least once, after the caller's change commits, and never if it rolls back.
 * Names are lower-case `area.happened` (the trigger accepts /^[a-z][\w.-]{1,80}$/).
 */
export async function emitEvent(db: Kysely<Database>, name: string, payload: { object?: string | null; recordId?: string | null; data?: unknown } = {}) {
  const body: EmittedPayload = { emitted: { object: payload.object ?? null, recordId: payload.recordId ?? null }, data: payload.data ?? null };
  await db
    .insertInto('outbox')
    .values({ topic: name, object: payload.object ?? '', record_id: payload.recordId ?? randomUUID(), payload: JSON.stringify({ actorId: null, changes: {}, record: {}, ...body }) })
    .execute();
}
