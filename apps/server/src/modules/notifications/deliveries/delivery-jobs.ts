import type PgBoss from 'pg-boss';
import { CompiledQuery, sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';
import type { JobRunner } from '../../../engine/jobs/job-runner.js';
import { deliver } from './deliver.js';

export const DELIVERY_QUEUE = 'notification-deliveries';
const RETRY = { retryLimit: 5, retryDelay: 10, retryBackoff: true };
const SWEEP_MS = 5000;
const BATCH = 100;

export interface DeliveryJobs {
  /** Moves pending deliveries to the queue now (also on a timer and when one is announced). */
  relayNow(): Promise<void>;
  stop(): void;
}

/**
 * Queued deliveries → pg-boss. notify() only writes rows (in the caller's transaction); this
 * relay hands committed ones to a durable queue whose worker sends them with retries and
 * backoff. SKIP LOCKED keeps each row relayed once across app instances.
 */
export async function startDeliveryJobs(jobs: JobRunner, db: Kysely<Database>): Promise<DeliveryJobs> {
  const { boss } = jobs;
  await boss.createQueue(DELIVERY_QUEUE);
  await jobs.work<{ deliveryId: string }>(DELIVERY_QUEUE, { batchSize: 1, pollingIntervalSeconds: 1, includeMetadata: true }, async ([job]) => {
    await deliver(db, job.data.deliveryId, job.retryCount >= (job.retryLimit ?? RETRY.retryLimit));
  });

  async function relay(): Promise<number> {
    return db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ id: string }>`
        SELECT id FROM notification_deliveries WHERE status = 'pending' ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`.execute(trx);
      if (!rows.length) return 0;
      // Through the relay's own transaction: on PGlite the pool's single connection is held here.
      await boss.insert(
        rows.map((r) => ({ name: DELIVERY_QUEUE, data: { deliveryId: r.id }, ...RETRY })),
        { db: { executeSql: (text: string, values: unknown[]) => trx.executeQuery(CompiledQuery.raw(text, values)) } } as PgBoss.InsertOptions,
      );
      await trx.updateTable('notification_deliveries').set({ status: 'queued' }).where('id', 'in', rows.map((r) => r.id)).execute();
      return rows.length;
    });
  }

  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  // One relay at a time per instance; a kick during a run queues one more run.
  const kick = (): Promise<void> => {
    running = running.then(async () => {
      try {
        while (!stopped && (await relay()) === BATCH);
      } catch (error) {
        if (!stopped) console.error('[notifications]', error);
      }
    });
    return running as Promise<void>;
  };
  const timer = setInterval(kick, SWEEP_MS);
  void kick();
  return {
    relayNow: kick,
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
