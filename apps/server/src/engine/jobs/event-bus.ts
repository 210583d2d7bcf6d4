import type { BatchPayload } from './batch-event.js';

/** A committed record change, as read back from the outbox. */
export interface RecordEvent {
  id: string;
  topic: string;
  object: string;
  recordId: string;
  payload: {
    actorId: string | null;
    changes: Record<string, { from: unknown; to: unknown }>;
    record: Record<string, unknown>;
    /** Set by writes that carry a cause (WriteOptions.cause), e.g. an automation rule and its chain depth. */
    cause?: Record<string, unknown>;
    /** A bulk update's records (topic record.batch_updated; see batch-event.ts). */
    batch?: BatchPayload['batch'];
  };
  createdAt: string;
}

export type EventHandler = (event: RecordEvent) => Promise<void> | void;

/**
 * Subscribers to committed changes: automation, reminders and webhooks hang here.
 * subscribe('record.updated', fn) or subscribe('*', fn). Handlers run from the job runner, so a
 * handler that throws is retried by pg-boss rather than lost.
 */
export class EventBus {
  private handlers = new Map<string, EventHandler[]>();

  subscribe(topic: string, handler: EventHandler) {
    this.handlers.set(topic, [...(this.handlers.get(topic) ?? []), handler]);
  }

  async publish(event: RecordEvent) {
    for (const handler of [...(this.handlers.get(event.topic) ?? []), ...(this.handlers.get('*') ?? [])]) {
      await handler(event);
    }
  }
}
