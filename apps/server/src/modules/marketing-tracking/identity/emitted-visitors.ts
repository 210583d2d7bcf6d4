import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../../db/types.js';
import type { RecordEvent } from '../../../engine/jobs/event-bus.js';
import { attachVisitor, type IdentifiedBy } from './identify.js';

const emitted = z.object({ emitted: z.object({ object: z.string().nullable(), recordId: z.string().nullable() }), data: z.object({ visitorId: z.uuid() }).passthrough() });

/**
 * An emitted event that names a person and the browser's visitor id (a web form sent from a tracked
 * page, a portal sign-in carrying the site's cookie): the visitor is then that lead or contact.
 */
export async function attachEmittedVisitor(db: Kysely<Database>, event: RecordEvent, how: IdentifiedBy) {
  const parsed = emitted.safeParse(event.payload);
  if (!parsed.success) return;
  const { object, recordId } = parsed.data.emitted;
  if (object && recordId) await attachVisitor(db, parsed.data.data.visitorId, { object, recordId }, how);
}
