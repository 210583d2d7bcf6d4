import { z } from 'zod';
import type { AutomationRegistry, AutomationEvent } from '../registry.js';

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Record created / updated / deleted, a field changed (optionally from/to a value), and events other modules emit. */
export function registerRecordTriggers(registry: AutomationRegistry) {
  const plain = z.object({ kind: z.string() }).strict();
  registry.registerTrigger('record_created', { schema: plain, topics: ['record.created'], needsObject: true });
  registry.registerTrigger('record_updated', { schema: plain, topics: ['record.updated'], needsObject: true });
  registry.registerTrigger('record_deleted', { schema: plain, topics: ['record.deleted'], needsObject: true });

  const fieldChanged = z
    .object({ kind: z.string(), field: z.string().min(1), from: z.unknown().optional(), to: z.unknown().optional() })
    .strict();
  registry.registerTrigger<z.infer<typeof fieldChanged>>('field_changed', {
    schema: fieldChanged,
    topics: ['record.updated'],
    needsObject: true,
    check: (t, { meta }) => (meta?.fields.some((f) => f.name === t.field && !f.archived) ? [] : [{ path: 'trigger.field', message: `unknown field '${t.field}' on ${meta?.name}` }]),
    matches(t, event: AutomationEvent) {
      const change = event.changes?.[t.field];
      if (!change) return false;
      if (t.from !== undefined && !same(change.from, t.from)) return false;
      if (t.to !== undefined && !same(change.to, t.to)) return false;
      return true;
    },
  });
}

/** An inbound event (web_form.submitted; website events later): kind 'event' fires on the named event emitted with emitEvent() (engine/jobs/emit-event.ts). */
export function registerEventTrigger(registry: AutomationRegistry) {
  const schema = z.object({ kind: z.string(), event: z.string().regex(/^[a-z][\w.-]{1,80}$/, 'an event name such as web_form.submitted') }).strict();
  registry.registerTrigger<z.infer<typeof schema>>('event', {
    schema,
    topics: ['*'],
    needsObject: false,
    matches: (t, event) => event.topic === t.event,
  });
}
