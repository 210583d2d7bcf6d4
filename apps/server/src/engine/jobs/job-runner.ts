import PgBoss from 'pg-boss';
import { CompiledQuery, sql } from 'kysely';
import type { DatabaseHandle } from '../../db/connection.js';
import type { EventBus, RecordEvent } from './event-bus.js';

const EVENTS_QUEUE = 'record-events';
const RELAY_INTERVAL_MS = 500;
const RELAY_BATCH = 200;

export interface JobRunner {
  boss: PgBoss;
  /** Moves committed outbox rows to the queue now (also runs on a timer). */
  relayOutbox(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * pg-boss over the app's own database (PGlite through its pool, or the PostgreSQL server), plus
 * the outbox relay: rows written with each change move, in order, to a durable queue whose
 * worker hands them to the event bus. Several app instances may run this; SKIP LOCKED keeps
 * each outbox row relayed once.
 */
export async function startJobRunner(handle: DatabaseHandle, bus: EventBus): Promise<JobRunner> {
  const boss = new PgBoss({
    db: { executeSql: (text: string, values: unknown[]) => handle.pool.query(text, values as unknown[]) },
    schema: handle.schema === 'public' ? 'pgboss' : `${handle.schema}_boss`,
    // Keep the embedded database quiet: poll every 2 s, maintain every few minutes.
    pollingIntervalSeconds: 2,
  } as PgBoss.ConstructorOptions);
  boss.on('error', (error) => console.error('[jobs]', error));
  await boss.start();
  await boss.createQueue(EVENTS_QUEUE);

  await boss.work<RecordEvent>(EVENTS_QUEUE, { batchSize: 50, pollingIntervalSeconds: 1 }, async (jobs) => {
    for (const job of jobs) await bus.publish(job.data);
  });

  async function relayOutbox(): Promise<number> {
    return handle.db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ id: string; topic: string; object: string; record_id: string; payload: RecordEvent['payload']; created_at: Date }>`
        SELECT id, topic, object, record_id, payload, created_at FROM outbox
        WHERE dispatched_at IS NULL ORDER BY id LIMIT ${RELAY_BATCH} FOR UPDATE SKIP LOCKED`.execute(trx);
      if (!rows.length) return 0;
      // Insert through the relay's own transaction: on PGlite the pool has one connection, which
      // this transaction holds, so going through the pool would wait forever (and every later query with it).
      await boss.insert(
        rows.map((r) => ({
          name: EVENTS_QUEUE,
          data: { id: String(r.id), topic: r.topic, object: r.object, recordId: r.record_id, payload: r.payload, createdAt: new Date(r.created_at).toISOString() },
        })),
        { db: { executeSql: (text: string, values: unknown[]) => trx.executeQuery(CompiledQuery.raw(text, values)) } },
      );
      await sql`UPDATE outbox SET dispatched_at = now() WHERE id = ANY(${sql.val(rows.map((r) => r.id))}::bigint[])`.execute(trx);
      return rows.length;
    });
  }

  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    try {
      while (!stopped && (await relayOutbox()) === RELAY_BATCH);
    } catch (error) {
      if (!stopped) console.error('[outbox]', error);
    }
    if (!stopped) timer = setTimeout(tick, RELAY_INTERVAL_MS);
  };
  timer = setTimeout(tick, RELAY_INTERVAL_MS);

  return {
    boss,
    relayOutbox,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      // Give running jobs (an import batch on a busy machine) time to finish before the pool closes under them.
      await boss.stop({ graceful: true, wait: true, timeout: 30_000 });
    },
  };
}
