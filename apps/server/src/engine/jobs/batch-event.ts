import type { FieldChanges } from '@crm/schema';
import type { RecordEvent } from './event-bus.js';

/**
 * Topic of the one event a bulk update (bulk.update, bulk set, bulk tags, owner transfer, a batch
 * of automation runs) writes for the records it changed in one call, instead of a `record.updated`
 * event — and a job — per record. Every subscriber of `record.updated` subscribes to this too.
 */
export const BATCH_UPDATED = 'record.batch_updated';

/** One record's change within a batch event: what a `record.updated` event would carry. */
export interface BatchItem {
  id: string;
  changes: FieldChanges;
  record: Record<string, unknown>;
  cause?: Record<string, unknown>;
}

/** Payload of a batch event (record and changes left empty; the records are in `batch.updated`). */
export interface BatchPayload {
  batch: { updated: BatchItem[] };
}

/**
 * The `record.updated` events a batch event stands for, in order. They keep the batch event's id:
 * a subscriber that dedupes keys its work on the id and the record id (`event:<id>:<recordId>`).
 */
export function batchUpdates(e: RecordEvent): RecordEvent[] {
  const items = e.payload.batch?.updated ?? [];
  return items.map((item) => ({
    id: e.id,
    topic: 'record.updated',
    object: e.object,
    recordId: item.id,
    payload: { actorId: e.payload.actorId, changes: item.changes, record: item.record, ...(item.cause ? { cause: item.cause } : {}) },
    createdAt: e.createdAt,
  }));
}
