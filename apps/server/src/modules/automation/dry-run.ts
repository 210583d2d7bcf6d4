import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { badRequest } from '../../http/errors.js';
import { loadRecord, PathReader } from './record-paths.js';
import type { ActionContext, AutomationEvent } from './registry.js';
import type { Rule } from './rule-schema.js';
import type { AutomationService } from './service.js';

/**
 * What a rule would do to a record, without doing it: the conditions with each leaf's outcome and
 * each action described with the record's current values (whom it would assign, what it would set).
 * Nothing is written; assignment previews do not move the round-robin cursor.
 */
export async function dryRun(service: AutomationService, rule: Rule, recordId: string | null) {
  const { metadata } = service.engine;
  await metadata.ensureFresh();
  const db: Kysely<Database> = service.db;
  const object = rule.object && metadata.has(rule.object) ? rule.object : null;
  const record = object && recordId ? await loadRecord(db, metadata, object, recordId) : null;
  if (object && recordId && !record) throw badRequest(`no ${object} record ${recordId}`, [{ path: 'recordId', message: 'no such record' }]);
  const event: AutomationEvent = { key: 'dry-run', topic: 'dry-run', object, recordId: (record?.id as string) ?? null, depth: 0, at: service.now().toISOString() };
  const evaluation = await service.evaluate(db, rule, event, record);
  const reader = object && record ? new PathReader(db, metadata, metadata.get(object), record) : null;
  const actions = [];
  for (const [position, action] of rule.actions.entries()) {
    const type = service.registry.actions.get(action.type);
    const { type: name, ...config } = action;
    if (!type) {
      actions.push({ position, type: name, description: `action type '${name}' is not installed: it would be skipped` });
      continue;
    }
    if (type.needsRecord && !record) {
      actions.push({ position, type: name, description: 'needs a record: pick one to preview' });
      continue;
    }
    const ctx: ActionContext = {
      config, rule, event, object, record, reader, trx: db, engine: service.engine,
      cause: {}, idempotencyKey: 'dry-run', timeZone: service.timeZone, now: service.now(), dryRun: true,
    };
    try {
      actions.push({ position, type: name, description: await type.describe(ctx) });
    } catch (error) {
      actions.push({ position, type: name, description: `would fail: ${(error as Error).message}` });
    }
  }
  return { matched: evaluation?.matched ?? true, conditions: evaluation?.details ?? [], actions, record };
}
