import { FILTER_OPERATORS, type Filter } from '@crm/schema';
import { z } from 'zod';

/** A condition tree: the list filter grammar, where a field may take one hop over a relation (customer_id.region). */
export type Conditions = Filter;
export const conditionsSchema: z.ZodType<Filter> = z.lazy(() =>
  z.union([
    z.object({ field: z.string().min(1).max(120), op: z.enum(FILTER_OPERATORS), value: z.unknown().optional() }).strict(),
    z.object({ and: z.array(conditionsSchema).max(50) }).strict(),
    z.object({ or: z.array(conditionsSchema).max(50) }).strict(),
  ]),
) as z.ZodType<Filter>;

/** A trigger is {kind, ...settings}; each kind's settings are checked by its registered schema. */
export const triggerSchema = z.object({ kind: z.string().min(1).max(60) }).passthrough();
export type Trigger = z.infer<typeof triggerSchema> & Record<string, unknown>;

export const actionSchema = z.object({ type: z.string().min(1).max(60) }).passthrough();
export type ActionConfig = { type: string } & Record<string, unknown>;

export const ruleInputSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    description: z.string().max(2000).default(''),
    object: z.string().min(1).max(60).nullable().default(null),
    trigger: triggerSchema,
    conditions: conditionsSchema.nullable().default(null),
    actions: z.array(actionSchema).max(20).default([]),
    enabled: z.boolean().default(false),
  })
  .strict();
export type RuleInput = z.infer<typeof ruleInputSchema>;

export interface Rule {
  id: string;
  name: string;
  description: string;
  object: string | null;
  trigger: Trigger;
  conditions: Conditions | null;
  actions: ActionConfig[];
  enabled: boolean;
  builtin_key: string | null;
  scanned_until: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** Relative times in actions: {amount, unit}. */
export const relativeTimeSchema = z.object({ amount: z.number().int().min(-10000).max(10000), unit: z.enum(['minutes', 'hours', 'days']) });
export type RelativeTime = z.infer<typeof relativeTimeSchema>;
export function relativeMs(t: RelativeTime): number {
  return t.amount * { minutes: 60_000, hours: 3_600_000, days: 86_400_000 }[t.unit];
}
