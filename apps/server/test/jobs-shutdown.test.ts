import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { startTestCrm } from './helpers/crm.js';
import { waitFor } from './helpers/local-servers.js';

/**
 * Closing the app while a worker's fetch is still waiting on the database: pg-boss's stop() sees
 * no job in hand and returns, the fetch then hands over a job, and the handler ran against a
 * closed pool (CI saw "Cannot use a pool after calling end on the pool" as an unhandled
 * rejection). The job runner must wait for it. A lock on the job table holds the fetch; only a
 * PostgreSQL server has a second connection to take it.
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)('closing the app while a job fetch is in flight', () => {
  it('lets the fetched job finish its work before the database closes', async () => {
    const t = await startTestCrm({ jobs: true });
    const jobs = t.crm.jobs!;
    const bossSchema = `${t.crm.handle.schema}_boss`;
    const done: string[] = [];
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const locker = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await locker.connect();
    try {
      await jobs.boss.createQueue('shutdown-probe');
      await jobs.boss.send('shutdown-probe', {});
      await locker.query(`BEGIN; LOCK TABLE "${bossSchema}".job IN ACCESS EXCLUSIVE MODE`);
      // The worker starts after the lock, so its first fetch waits on it.
      await jobs.work('shutdown-probe', { pollingIntervalSeconds: 0.5 }, async () => {
        const admin = await t.crm.handle.db.selectFrom('users').select('email').executeTakeFirstOrThrow();
        done.push(admin.email);
      });
      await waitFor(async () => {
        const { rows } = await locker.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%${bossSchema}%'`);
        return rows[0].n > 0;
      });
      // The lock is released only once closing has reached pg-boss's stop, with the fetch still waiting.
      let stopping = false;
      const stop = jobs.boss.stop.bind(jobs.boss);
      jobs.boss.stop = (options) => ((stopping = true), stop(options));
      const closing = t.close();
      await waitFor(() => stopping, 300_000, 'the app to stop its workers');
      await locker.query('COMMIT');
      await closing;
      // Without the fix the handler fails on the closed pool (an unhandled rejection) instead of finishing.
      await waitFor(() => done.length + unhandled.length > 0, 300_000, 'the fetched job to finish or fail');
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
      expect(done).toEqual(['admin@test.local']);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      await locker.end();
    }
  });
});
