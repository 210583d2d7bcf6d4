import { timeZoneFrom } from '../../config.js';
import { yieldToQueries } from '../../db/yield-to-queries.js';
import type { Engine } from '../../engine/index.js';
import { addApiPaths } from '../../http/openapi.js';
import type { CrmModule, ModuleContext } from '../module.js';
import { registerAssignOwner } from './actions/assign-owner.js';
import { registerCreateTask } from './actions/create-task.js';
import { registerGroupRobots } from './actions/group-robots.js';
import { registerMoveToPool } from './actions/move-to-pool.js';
import { registerNotifyUsers } from './actions/notify-users.js';
import { registerSendEmail } from './actions/send-email.js';
import { registerUpdateFields } from './actions/update-fields.js';
import { registerWebhook } from './actions/webhook.js';
import { ensureDefaultRules } from './default-rules.js';
import { AUTOMATION_OPENAPI } from './openapi.js';
import { registerRuleRoutes } from './routes.js';
import { executeRunBatch } from './runs/execute-batch.js';
import { BULK_RUNS_QUEUE, enqueueRuns, pendingRunIds, RUNS_QUEUE } from './runs/plan-run.js';
import { scheduleRunLogRetention } from './runs/retention.js';
import { AutomationService } from './service.js';
import { registerTerritoryRoutes } from './territories/routes.js';
import { automationTimeline } from './timeline-source.js';
import { registerEventTrigger, registerRecordTriggers } from './triggers/record-triggers.js';
import { scanDue } from './triggers/scan-due.js';
import { registerTimeTriggers } from './triggers/time-triggers.js';

/** How often time-based rules are scanned: AUTOMATION_SCAN_MS, default 30 s. */
const scanIntervalMs = () => Number(process.env.AUTOMATION_SCAN_MS || 30_000);

/** Runs per fetch: interactive batches stay small (quick to start), bulk ones big (few round trips). */
const INTERACTIVE_BATCH = 20;
/** An import's runs: a batch of one rule's runs is a few set-based writes, so a big one is cheap per run (docs/performance.md). */
export const BULK_BATCH = 250;

const services = new WeakMap<Engine, AutomationService>();
const running = new Set<{ stop(): void }>();

/**
 * The automation engine of an app instance. Other modules use it from their register step:
 * `automationOf(ctx).registerAction('notify', { schema, describe, run })`, `automationOf(ctx).emit('web_form.submitted', {...})`.
 */
export function automationOf(ctx: Pick<ModuleContext, 'engine' | 'db'>): AutomationService {
  let service = services.get(ctx.engine);
  if (!service) {
    service = new AutomationService(ctx.db, ctx.engine, timeZoneFrom());
    const { registry } = service;
    registerRecordTriggers(registry);
    registerEventTrigger(registry);
    registerTimeTriggers(registry, service.timeZone);
    registerAssignOwner(registry);
    registerUpdateFields(registry);
    registerCreateTask(registry);
    registerMoveToPool(registry);
    registerWebhook(registry);
    registerGroupRobots(registry);
    registerNotifyUsers(registry);
    registerSendEmail(registry);
    services.set(ctx.engine, service);
  }
  return service;
}

export type { AutomationService } from './service.js';
export { managerOf } from './team-lead.js';
export type { ActionContext, ActionType, AutomationEvent, ConditionType, TriggerType } from './registry.js';

/** Automation rules: triggers (record changes, field changes, due times, schedules, inactivity, events), conditions, actions. */
export const automationModule: CrmModule = {
  name: 'automation',
  register(ctx) {
    const service = automationOf(ctx);
    service.betweenBatches = () => yieldToQueries(ctx.handle);
    ctx.bus.subscribe('*', (event) => service.handleEvent(event));
    ctx.engine.related.addTimelineSource(automationTimeline(ctx.db));
    addApiPaths(AUTOMATION_OPENAPI);
  },
  async routes(app, ctx) {
    const service = automationOf(ctx);
    await ensureDefaultRules(ctx.db, ctx.engine.metadata);
    registerRuleRoutes(app, service);
    registerTerritoryRoutes(app, ctx.db);
  },
  async startJobs(jobs, ctx) {
    const service = automationOf(ctx);
    service.boss = jobs.boss;
    // Two queues, each worked in batches: a bulk import's runs never wait in front of a web-form lead's.
    for (const [queue, batchSize] of [[RUNS_QUEUE, INTERACTIVE_BATCH], [BULK_RUNS_QUEUE, BULK_BATCH]] as const) {
      await jobs.boss.createQueue(queue, { name: queue, retryLimit: 6, retryDelay: 5, retryBackoff: true });
      let workerId = '';
      workerId = await jobs.work<{ runId: string }>(queue, { batchSize, pollingIntervalSeconds: 1 }, async (batch) => {
        const { failed } = await executeRunBatch(service, batch.map((job) => job.data.runId));
        const failedIds = new Set(failed);
        const failedJobs = batch.filter((job) => failedIds.has(job.data.runId)).map((job) => job.id);
        // pg-boss completes the whole batch afterwards; only jobs still active are completed, so these stay failed (and retry).
        for (const id of failedJobs) await jobs.boss.fail(queue, id, { message: 'the automation run failed; see its run log' });
        // A full batch means more are waiting: fetch again at once instead of after the polling interval.
        if (batch.length === batchSize) jobs.boss.notifyWorker(workerId);
      });
    }
    // Runs planned while jobs were off (or whose job went missing) are queued again; repeats are harmless.
    await enqueueRuns(ctx.db, jobs.boss, await pendingRunIds(ctx.db), BULK_RUNS_QUEUE);
    await scheduleRunLogRetention(jobs, ctx.db);
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    const tick = async () => {
      try {
        await scanDue(service);
      } catch (error) {
        if (!stopped) console.error('[automation]', error);
      }
      if (!stopped) timer = setTimeout(tick, scanIntervalMs());
    };
    timer = setTimeout(tick, scanIntervalMs());
    running.add({ stop: () => ((stopped = true), clearTimeout(timer)) });
  },
  async stop() {
    for (const r of running) r.stop();
    running.clear();
  },
};
