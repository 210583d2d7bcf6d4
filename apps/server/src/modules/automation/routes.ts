import { CronExpressionParser } from 'cron-parser';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireAdmin } from '../../engine/permissions/request-access.js';
import { badRequest, notFound, parseInput } from '../../http/errors.js';
import { dryRun } from './dry-run.js';
import { auditRuleChange } from './rule-audit.js';
import type { Rule } from './rule-schema.js';
import { enqueueRuns } from './runs/plan-run.js';
import { readRunLog, ruleRunStats } from './runs/run-log.js';
import type { AutomationService } from './service.js';
import { ensureScanIndexes } from './triggers/scan-due.js';
import { validateRule } from './validate-rule.js';

const idParams = z.object({ id: z.uuid() });
const runQuery = z.object({
  ruleId: z.uuid().optional(),
  recordId: z.uuid().optional(),
  status: z.enum(['pending', 'done', 'failed', 'not_matched', 'stopped']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.iso.datetime({ offset: true }).optional(),
});
const dryRunInput = z
  .object({ ruleId: z.uuid().optional(), rule: z.unknown().optional(), recordId: z.uuid().nullable().default(null) })
  .strict()
  .refine((v) => (v.ruleId === undefined) !== (v.rule === undefined), { message: 'send ruleId or rule (an unsaved rule), not both', path: ['ruleId'] });


function toApi(rule: Rule, stats?: { lastRunAt: Date | null; failures: number }) {
  const { scanned_until: _s, builtin_key, created_at, updated_at, ...rest } = rule;
  return { ...rest, builtinKey: builtin_key, createdAt: created_at, updatedAt: updated_at, lastRunAt: stats?.lastRunAt ?? null, failures: stats?.failures ?? 0 };
}

/** Rules CRUD, run log, retry and dry run: administrators only. */
export function registerRuleRoutes(app: FastifyInstance, service: AutomationService) {
  const { db } = service;
  /** With a transaction: locks the rule, so the audited "before" is what the write replaces. */
  const getRule = async (id: string, trx?: typeof db) => {
    const query = (trx ?? db).selectFrom('automation_rules').selectAll().where('id', '=', id);
    const rule = (await (trx ? query.forUpdate() : query).executeTakeFirst()) as Rule | undefined;
    if (!rule) throw notFound(`automation rule ${id}`);
    return rule;
  };
  const parseRule = async (body: unknown) => {
    await service.engine.metadata.ensureFresh();
    const input = await validateRule(body, service.registry, service.engine.metadata, db);
    if (input.object) await ensureScanIndexes(db, service.engine.metadata.get(input.object), input);
    return input;
  };
  const columns = (input: Awaited<ReturnType<typeof parseRule>>) => ({
    name: input.name,
    description: input.description,
    object: input.object,
    trigger: JSON.stringify(input.trigger),
    conditions: input.conditions ? JSON.stringify(input.conditions) : null,
    actions: JSON.stringify(input.actions),
    enabled: input.enabled,
  });

  app.get('/api/v1/automation/rules', async (request) => {
    requireAdmin(request);
    const rules = (await db.selectFrom('automation_rules').selectAll().orderBy('created_at').execute()) as Rule[];
    const stats = await ruleRunStats(db);
    return { data: rules.map((r) => toApi(r, stats.get(r.id))) };
  });

  app.get('/api/v1/automation/rules/:id', async (request) => {
    requireAdmin(request);
    const { id } = parseInput(idParams, request.params);
    return { data: toApi(await getRule(id), (await ruleRunStats(db)).get(id)) };
  });

  app.post('/api/v1/automation/rules', async (request, reply) => {
    const admin = requireAdmin(request);
    const input = await parseRule(request.body);
    const rule = await db.transaction().execute(async (trx) => {
      const created = (await trx.insertInto('automation_rules').values({ ...columns(input), builtin_key: null, scanned_until: null }).returningAll().executeTakeFirstOrThrow()) as Rule;
      await auditRuleChange(trx, admin.userId, null, created);
      return created;
    });
    return reply.status(201).send({ data: toApi(rule) });
  });

  /** Full replacement of the rule (the editor sends all of it); `enabled` alone may be patched. */
  app.put('/api/v1/automation/rules/:id', async (request) => {
    const admin = requireAdmin(request);
    const { id } = parseInput(idParams, request.params);
    await getRule(id);
    const input = await parseRule(request.body);
    const rule = await db.transaction().execute(async (trx) => {
      const previous = await getRule(id, trx);
      // A changed trigger starts scanning afresh from now, rather than from the old trigger's watermark.
      const retrigger = JSON.stringify(previous.trigger) !== JSON.stringify(input.trigger) || (!previous.enabled && input.enabled);
      const saved = (await trx
        .updateTable('automation_rules')
        .set({ ...columns(input), updated_at: new Date(), ...(retrigger ? { scanned_until: null } : {}) })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow()) as Rule;
      await auditRuleChange(trx, admin.userId, previous, saved);
      return saved;
    });
    return { data: toApi(rule) };
  });

  app.patch('/api/v1/automation/rules/:id', async (request) => {
    const admin = requireAdmin(request);
    const { id } = parseInput(idParams, request.params);
    const { enabled } = parseInput(z.object({ enabled: z.boolean() }).strict(), request.body);
    const rule = await db.transaction().execute(async (trx) => {
      const previous = await getRule(id, trx);
      const saved = (await trx
        .updateTable('automation_rules')
        .set({ enabled, updated_at: new Date(), ...(!previous.enabled && enabled ? { scanned_until: null } : {}) })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow()) as Rule;
      await auditRuleChange(trx, admin.userId, previous, saved);
      return saved;
    });
    return { data: toApi(rule) };
  });

  app.delete('/api/v1/automation/rules/:id', async (request, reply) => {
    const admin = requireAdmin(request);
    const { id } = parseInput(idParams, request.params);
    await db.transaction().execute(async (trx) => {
      const previous = await getRule(id, trx);
      await trx.deleteFrom('automation_rules').where('id', '=', id).execute();
      await auditRuleChange(trx, admin.userId, previous, null);
    });
    return reply.status(204).send();
  });

  app.get('/api/v1/automation/runs', async (request) => {
    requireAdmin(request);
    return { data: await readRunLog(db, parseInput(runQuery, request.query)) };
  });

  /** Runs a failed run's failed and pending actions again (done ones stay done). */
  app.post('/api/v1/automation/runs/:id/retry', async (request, reply) => {
    requireAdmin(request);
    const { id } = parseInput(idParams, request.params);
    const run = await db.selectFrom('automation_runs').select(['id', 'status']).where('id', '=', id).executeTakeFirst();
    if (!run) throw notFound(`automation run ${id}`);
    if (run.status !== 'failed') throw badRequest(`only failed runs can be retried (this one is ${run.status})`, [{ path: 'id', message: `status is ${run.status}` }]);
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('automation_action_runs').set({ status: 'pending', updated_at: new Date() }).where('run_id', '=', id).where('status', '=', 'failed').execute();
      await trx.updateTable('automation_runs').set({ status: 'pending', error: null, finished_at: null }).where('id', '=', id).execute();
      if (service.boss) await enqueueRuns(trx, service.boss, [id]);
    });
    return reply.status(202).send({ data: { id, status: 'pending' } });
  });

  app.post('/api/v1/automation/dry-run', async (request) => {
    requireAdmin(request);
    const input = parseInput(dryRunInput, request.body);
    let rule: Rule;
    if (input.ruleId) rule = await getRule(input.ruleId);
    else {
      const parsed = await parseRule(input.rule);
      rule = { ...parsed, id: '00000000-0000-0000-0000-000000000000', builtin_key: null, scanned_until: null, created_at: new Date(), updated_at: new Date() } as Rule;
    }
    return { data: await dryRun(service, rule, input.recordId) };
  });

  /** The next few times a cron expression fires, in the install's time zone (the editor's human preview). */
  app.get('/api/v1/automation/cron-preview', async (request) => {
    requireAdmin(request);
    const { cron } = parseInput(z.object({ cron: z.string().min(1).max(120) }), request.query);
    try {
      const it = CronExpressionParser.parse(cron, { currentDate: service.now(), tz: service.timeZone });
      return { data: { timeZone: service.timeZone, next: [0, 1, 2].map(() => it.next().toISOString()) } };
    } catch (error) {
      throw badRequest(`not a cron expression: ${(error as Error).message}`, [{ path: 'cron', message: (error as Error).message }]);
    }
  });

  /** What the editor offers: trigger kinds, action types and module conditions installed (including other modules'). */
  app.get('/api/v1/automation/catalog', async (request) => {
    requireAdmin(request);
    const conditions = [...service.registry.conditions].map(([name, c]) => ({ name, label: c.label, objects: c.objects, valueObject: c.valueObject, valueObjectField: c.valueObjectField }));
    return { data: { triggers: [...service.registry.triggers.keys()], actions: [...service.registry.actions.keys()], conditions, timeZone: service.timeZone } };
  });
}
