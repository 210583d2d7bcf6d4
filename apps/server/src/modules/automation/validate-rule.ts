import type { ErrorDetail } from '@crm/schema';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import type { MetadataRegistry } from '../../engine/metadata/registry.js';
import { ApiError, parseInput, zodDetails } from '../../http/errors.js';
import { checkConditions } from './conditions.js';
import type { AutomationRegistry } from './registry.js';
import { ruleInputSchema, type RuleInput } from './rule-schema.js';

/**
 * Parses a rule from the API: shape, then the object, the trigger kind and its settings, each
 * condition's field path, and each action's type and settings. Every problem names its path
 * (trigger.field, actions.1.type, conditions.and.0.field), so the editor can point at it.
 */
export async function validateRule(body: unknown, registry: AutomationRegistry, metadata: MetadataRegistry, db: Kysely<Database>): Promise<RuleInput> {
  const input = parseInput(ruleInputSchema, body);
  const problems: ErrorDetail[] = [];
  const meta = input.object ? (metadata.has(input.object) ? metadata.get(input.object) : null) : null;
  if (input.object && !meta) problems.push({ path: 'object', message: `unknown object '${input.object}'` });
  const ctx = { metadata, meta, db };

  const trigger = registry.triggers.get(input.trigger.kind);
  if (!trigger) {
    problems.push({ path: 'trigger.kind', message: `unknown trigger kind '${input.trigger.kind}' (known: ${[...registry.triggers.keys()].join(', ')})` });
  } else if (trigger.needsObject && !input.object) {
    problems.push({ path: 'object', message: `trigger '${input.trigger.kind}' needs an object` });
  } else {
    const parsed = trigger.schema.safeParse(input.trigger);
    if (!parsed.success) problems.push(...zodDetails(parsed.error, 'trigger'));
    else if (meta || !trigger.needsObject) {
      input.trigger = parsed.data as RuleInput['trigger'];
      problems.push(...(trigger.check?.(parsed.data, ctx) ?? []));
    }
  }

  if (input.conditions) {
    if (!meta) problems.push({ path: 'conditions', message: 'conditions need an object' });
    else problems.push(...(await checkConditions(registry, { ...ctx, meta }, input.conditions)));
  }

  for (const [i, action] of input.actions.entries()) {
    const type = registry.actions.get(action.type);
    if (!type) {
      problems.push({ path: `actions.${i}.type`, message: `unknown action type '${action.type}' (known: ${[...registry.actions.keys()].join(', ')})` });
      continue;
    }
    if (type.needsRecord && !meta) {
      problems.push({ path: `actions.${i}.type`, message: `action '${action.type}' needs a rule on an object` });
      continue;
    }
    const { type: _type, ...settings } = action;
    const parsed = type.schema.safeParse(settings);
    if (!parsed.success) {
      problems.push(...zodDetails(parsed.error, `actions.${i}`));
      continue;
    }
    input.actions[i] = { type: action.type, ...(parsed.data as object) };
    for (const p of await (type.check?.(parsed.data, ctx) ?? [])) problems.push({ ...p, path: `actions.${i}.${p.path}` });
  }

  if (problems.length) throw new ApiError('bad_request', `invalid ${problems[0].path}: ${problems[0].message}`, problems);
  return input;
}
