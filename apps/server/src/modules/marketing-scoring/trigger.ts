import { z } from 'zod';
import type { AutomationRegistry } from '../automation/registry.js';
import { isScored } from './fields.js';

export const scoreTriggerSchema = z
  .object({
    kind: z.string(),
    threshold: z.number().int().min(-1000).max(100000),
    /** up: the score reaches the threshold from below; down: it falls below it. */
    direction: z.enum(['up', 'down']).default('up'),
  })
  .strict();
export type ScoreTrigger = z.infer<typeof scoreTriggerSchema>;

const num = (v: unknown) => (typeof v === 'number' ? v : null);

/** Whether a score change crosses the threshold: from below to at or above it (up), or the reverse (down). */
export function crosses(t: ScoreTrigger, from: unknown, to: unknown): boolean {
  const a = num(from);
  const b = num(to);
  if (t.direction === 'down') return a !== null && a >= t.threshold && (b === null || b < t.threshold);
  return b !== null && b >= t.threshold && (a === null || a < t.threshold);
}

/**
 * Trigger kind `score_crosses` for rules on leads or contacts ("score crosses 60 → assign to a
 * rep"): fires on the one change that crosses the threshold, not on later rises above it.
 */
export function registerScoreTrigger(registry: AutomationRegistry) {
  registry.registerTrigger<ScoreTrigger>('score_crosses', {
    schema: scoreTriggerSchema,
    topics: ['record.updated'],
    needsObject: true,
    matches: (t, event) => {
      const change = event.changes?.score;
      return !!change && crosses(t, change.from, change.to);
    },
    check: (_t, { meta }) => (isScored(meta?.name) ? [] : [{ path: 'object', message: 'score rules are on leads or contacts' }]),
  });
}
