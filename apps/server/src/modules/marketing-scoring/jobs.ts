import { BATCH_UPDATED, batchUpdates } from '../../engine/jobs/batch-event.js';
import type { RecordEvent } from '../../engine/jobs/event-bus.js';
import type { JobRunner } from '../../engine/jobs/job-runner.js';
import type { Engine } from '../../engine/index.js';
import type { ModuleContext } from '../module.js';
import { recomputeScores } from './compute.js';
import { isScored, SCORE_FIELD_NAMES, SCORED_OBJECTS, type ScoredObject } from './fields.js';

const NIGHTLY = 'marketing-scoring-nightly';
const CHANGED = 'marketing-scoring-changed';
/** Records rescored together: a burst of events (an import, a busy site) is a few passes. */
const CHANGED_BATCH = 500;
/** Emitted events about a person that move their behaviour points. */
export const ACTIVITY_TOPICS = ['website.page_view', 'website.download', 'website.outbound_click', 'website.custom', 'web_form.submitted', 'email.opened', 'email.clicked'];

/** Per app: queues a rescore of everyone (after a rule changes); absent when the app runs no jobs. */
const rescoreAll = new WeakMap<Engine, () => Promise<unknown>>();
export const requestFullRescore = (engine: Engine) => rescoreAll.get(engine)?.();

/** Nightly cron: CRM_SCORING_CRON, default 02:40 server time (decay moves every score a little each day). */
const nightlyCron = () => process.env.CRM_SCORING_CRON || '40 2 * * *';

/** Whether a committed record event should rescore its record: created, or changed in more than its score (and not by us). */
function rescores(event: RecordEvent): boolean {
  if (!isScored(event.object) || event.payload.cause?.scoring) return false;
  if (event.topic === 'record.created' || event.topic === 'record.restored') return true;
  return Object.keys(event.payload.changes ?? {}).some((f) => !SCORE_FIELD_NAMES.has(f));
}

/**
 * Nightly (pg-boss cron, one instance runs it): rescore every lead and contact. On change: a
 * person's website event, form submission or e-mail open/click, or a change of the record itself,
 * queues the record; the worker takes them in batches and rescores just those records.
 */
export async function startScoringJobs(jobs: JobRunner, { db, engine, bus }: ModuleContext) {
  await jobs.boss.createQueue(NIGHTLY);
  await jobs.work(NIGHTLY, {}, async () => {
    for (const object of SCORED_OBJECTS) await recomputeScores(db, engine, object);
  });
  await jobs.boss.schedule(NIGHTLY, nightlyCron(), {}, { tz: Intl.DateTimeFormat().resolvedOptions().timeZone });
  rescoreAll.set(engine, () => jobs.boss.send(NIGHTLY, {}));

  await jobs.boss.createQueue(CHANGED, { name: CHANGED, retryLimit: 5, retryDelay: 10, retryBackoff: true });
  let workerId = '';
  workerId = await jobs.work<{ object: ScoredObject; id: string }>(CHANGED, { batchSize: CHANGED_BATCH, pollingIntervalSeconds: 1 }, async (batch) => {
    for (const object of SCORED_OBJECTS) {
      const ids = [...new Set(batch.filter((job) => job.data.object === object).map((job) => job.data.id))];
      if (ids.length) await recomputeScores(db, engine, object, { only: ids });
    }
    if (batch.length === CHANGED_BATCH) jobs.boss.notifyWorker(workerId);
  });
  const queue = (object: string, id: string) => jobs.boss.send(CHANGED, { object, id });
  const onRecord = async (event: RecordEvent) => {
    if (rescores(event)) await queue(event.object, event.recordId);
  };
  for (const topic of ['record.created', 'record.updated', 'record.restored']) bus.subscribe(topic, onRecord);
  bus.subscribe(BATCH_UPDATED, async (event) => {
    for (const one of batchUpdates(event)) await onRecord(one);
  });
  const onActivity = async (event: RecordEvent) => {
    if (isScored(event.object) && event.recordId) await queue(event.object, event.recordId);
  };
  for (const topic of ACTIVITY_TOPICS) bus.subscribe(topic, onActivity);
}
