import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';
import type { AutomationRegistry } from '../registry.js';

export const timeRelativeSchema = z
  .object({
    kind: z.string(),
    field: z.string().min(1),
    amount: z.number().int().min(0).max(100_000),
    unit: z.enum(['minutes', 'hours', 'days']),
    direction: z.enum(['before', 'after']),
  })
  .strict();
export type TimeRelativeTrigger = z.infer<typeof timeRelativeSchema>;

export const scheduleSchema = z.object({ kind: z.string(), cron: z.string().min(9).max(120) }).strict();
export type ScheduleTrigger = z.infer<typeof scheduleSchema>;

export const noActivitySchema = z.object({ kind: z.string(), days: z.number().int().min(1).max(3650) }).strict();
export type NoActivityTrigger = z.infer<typeof noActivitySchema>;

const UNIT_MS = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 };

/** Signed offset from the field's time to the moment the rule fires. */
export function offsetMs(t: TimeRelativeTrigger): number {
  return (t.direction === 'before' ? -1 : 1) * t.amount * UNIT_MS[t.unit];
}

/** The field that tells when a record was last followed up: last_activity_at where the object has it, else updated_at. */
export function activityField(fields: { name: string; archived?: boolean }[]): 'last_activity_at' | 'updated_at' {
  return fields.some((f) => f.name === 'last_activity_at' && !f.archived) ? 'last_activity_at' : 'updated_at';
}

/** Time relative to a date field, a recurring schedule, and "no follow-up for N days": fired by the scanner, not by events. */
export function registerTimeTriggers(registry: AutomationRegistry, timeZone: string) {
  registry.registerTrigger<TimeRelativeTrigger>('time_relative', {
    schema: timeRelativeSchema,
    topics: [],
    needsObject: true,
    check(t, { meta }) {
      const field = meta?.fields.find((f) => f.name === t.field && !f.archived);
      if (!field) return [{ path: 'trigger.field', message: `unknown field '${t.field}' on ${meta?.name}` }];
      if (field.type !== 'date' && field.type !== 'datetime') return [{ path: 'trigger.field', message: `'${t.field}' is not a date or date-time field` }];
      return [];
    },
  });
  registry.registerTrigger<ScheduleTrigger>('schedule', {
    schema: scheduleSchema,
    topics: [],
    needsObject: false,
    check(t) {
      try {
        CronExpressionParser.parse(t.cron, { tz: timeZone });
        return [];
      } catch (error) {
        return [{ path: 'trigger.cron', message: `not a cron expression: ${(error as Error).message}` }];
      }
    },
  });
  registry.registerTrigger<NoActivityTrigger>('no_activity', { schema: noActivitySchema, topics: [], needsObject: true });
}
