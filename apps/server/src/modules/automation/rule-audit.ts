import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { auditConfigChange } from '../../engine/audit/audit.js';
import type { Rule } from './rule-schema.js';

/**
 * A rule as the audit log shows it: its name, object, trigger kind and action types on lines of
 * their own; the trigger's settings, the conditions and the actions' settings as "changed".
 */
function ruleSnapshot(rule: Rule) {
  const { kind, ...triggerSettings } = rule.trigger;
  return {
    name: rule.name,
    description: rule.description || null,
    object: rule.object,
    trigger: kind,
    triggerSettings,
    conditions: rule.conditions,
    actions: rule.actions.map((a) => a.type).join(', ') || null,
    actionSettings: rule.actions,
    enabled: rule.enabled,
  };
}

/** Audits a rule going from `before` to `after` (null: created or deleted); the entry carries the rule's id. */
export async function auditRuleChange(db: Kysely<Database>, actorId: string | null, before: Rule | null, after: Rule | null) {
  const rule = (after ?? before)!;
  await auditConfigChange(db, 'automation', actorId, { id: rule.id, name: rule.name }, before && ruleSnapshot(before), after && ruleSnapshot(after));
}
