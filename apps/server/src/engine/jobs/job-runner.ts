import PgBoss from 'pg-boss';
import { CompiledQuery, sql } from 'kysely';
import type { DatabaseHandle } from '../../db/connection.js';
import type { EventBus, RecordEvent } from './event-bus.js';

const EVENTS_QUEUE = 'record-events';
const RELAY_INTERVAL_MS = 500;
const RELAY_BATCH = 200;
const EVENTS_BATCH = 50;

export interface JobRunner {
  boss: PgBoss;
  /** boss.work, with the handler counted so stop() waits for it: register workers through this. */
  work<T>(queue: string, options: PgBoss.WorkOptions & { includeMetadata: true }, handler: PgBoss.WorkWithMetadataHandler<T>): Promise<string>;
  work<T>(queue: string, options: PgBoss.WorkOptions, handler: PgBoss.WorkHandler<T>): Promise<string>;
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
  // pg-boss completes or fails a job without awaiting it, and its stop() does not wait for a fetch
  // in flight, so a query could reach the pool after it closed (an unhandled rejection). Every
  // query and handler is counted here, and stop() waits until none is left.
  const inFlight = new InFlight();
  const boss = new PgBoss({
    db: { executeSql: (text: string, values: unknown[]) => inFlight.track(handle.pool.query(text, values as unknown[])) },
    schema: handle.schema === 'public' ? 'pgboss' : `${handle.schema}_boss`,
    // Keep the embedded database quiet: poll every 2 s, maintain every few minutes.
    pollingIntervalSeconds: 2,
  } as PgBoss.ConstructorOptions);
  boss.on('error', (error) => console.error('[jobs]', error));
  await boss.start();
  await boss.createQueue(EVENTS_QUEUE);

  const work = <T>(queue: string, options: PgBoss.WorkOptions, handler: (jobs: never[]) => Promise<unknown>) =>
    boss.work<T>(queue, options, (jobs) => inFlight.track(handler(jobs as never[])));

  const eventsWorker: string = await work(EVENTS_QUEUE, { batchSize: EVENTS_BATCH, pollingIntervalSeconds: 1 }, async (jobs: PgBoss.Job<RecordEvent>[]) => {
    for (const job of jobs) await bus.publish(job.data);
    // A full batch means a backlog (an import's updates): fetch again at once, not after the polling interval.
    if (jobs.length === EVENTS_BATCH) boss.notifyWorker(eventsWorker);
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
    if (!stopped) timer = setTimeout(() => void inFlight.track(tick()), RELAY_INTERVAL_MS);
  };
  timer = setTimeout(() => void inFlight.track(tick()), RELAY_INTERVAL_MS);

  return {
    boss,
    work,
    relayOutbox,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      // Give running jobs (an import batch on a busy machine) time to finish before the pool closes under them.
      await boss.stop({ graceful: true, wait: true, timeout: STOP_TIMEOUT_MS });
      await inFlight.settled(STOP_TIMEOUT_MS);
    },
  };
}

const STOP_TIMEOUT_MS = 30_000;

/** Counts running promises; settled() resolves once none has been running for a moment. */
class InFlight {
  private running = 0;

  track<T>(work: Promise<T>): Promise<T> {
    this.running++;
    return work.finally(() => this.running--);
  }

  async settled(timeoutMs: number) {
    // Two quiet looks in a row: a fetch that just returned starts its handler within the same tick.
    const deadline = Date.now() + timeoutMs;
    let quiet = 0;
    while (quiet < 2 && Date.now() < deadline) {
      quiet = this.running === 0 ? quiet + 1 : 0;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    if (this.running) console.warn(`[jobs] closing with ${this.running} job queries or handlers still running`);
  }
}
