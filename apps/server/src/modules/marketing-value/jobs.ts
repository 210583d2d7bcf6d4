import type { JobRunner } from '../../engine/jobs/job-runner.js';
import type { RecordEvent } from '../../engine/jobs/event-bus.js';
import type { ModuleContext } from '../module.js';
import { trainAndSave } from './churn/train.js';
import { expireCoupons } from './coupons/expire.js';
import { recomputeCustomerValue } from './value/recompute.js';

const NIGHTLY = 'marketing-value-nightly';
const CHANGED = 'marketing-value-changed';
/** Customers recomputed together after order/payment changes: a burst (an import) is a few passes, not one per order. */
const CHANGED_BATCH = 500;
/** Objects whose changes move a customer's value. */
const SOURCES = new Set(['orders', 'payments']);

/** Nightly cron: CRM_VALUE_CRON, default 02:20 server time. */
const nightlyCron = () => process.env.CRM_VALUE_CRON || '20 2 * * *';

/**
 * Nightly (pg-boss cron, one instance runs it): expire coupons, retrain the churn model, recompute
 * every customer. On change: each committed order or payment event queues its customer; the worker
 * takes them in batches and recomputes just those customers.
 */
export async function startValueJobs(jobs: JobRunner, { db, engine, bus }: ModuleContext) {
  await jobs.boss.createQueue(NIGHTLY);
  await jobs.work(NIGHTLY, {}, async () => {
    await expireCoupons(db, engine);
    await trainAndSave(db);
    await recomputeCustomerValue(db, engine);
  });
  await jobs.boss.schedule(NIGHTLY, nightlyCron(), {}, { tz: Intl.DateTimeFormat().resolvedOptions().timeZone });

  await jobs.boss.createQueue(CHANGED, { name: CHANGED, retryLimit: 5, retryDelay: 10, retryBackoff: true });
  let workerId = '';
  workerId = await jobs.work<{ customerId: string }>(CHANGED, { batchSize: CHANGED_BATCH, pollingIntervalSeconds: 1 }, async (batch) => {
    const ids = [...new Set(batch.map((job) => job.data.customerId))];
    await recomputeCustomerValue(db, engine, { only: ids });
    if (batch.length === CHANGED_BATCH) jobs.boss.notifyWorker(workerId);
  });
  const onChange = async (event: RecordEvent) => {
    if (!SOURCES.has(event.object)) return;
    const now = event.payload.record?.customer_id;
    const before = event.payload.changes?.customer_id?.from;
    for (const id of new Set([now, before])) if (typeof id === 'string') await jobs.boss.send(CHANGED, { customerId: id });
  };
  for (const topic of ['record.created', 'record.updated', 'record.deleted', 'record.restored']) bus.subscribe(topic, onChange);
}
