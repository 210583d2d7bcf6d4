import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/connection.js';
import { migrateToLatest } from '../src/db/migrate.js';

/**
 * An install on a PostgreSQL server it shares (with other installs, or parallel test runs) must
 * migrate while other schemas come and go. Kysely's own check looked up every schema by name and
 * failed with "schema … does not exist" whenever one was dropped during the check.
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)('migrating on a shared PostgreSQL server', () => {
  it('succeeds while other schemas are created and dropped', async () => {
    const url = process.env.TEST_DATABASE_URL!;
    const tag = `${Date.now().toString(36)}_${process.pid}`;
    let stop = false;
    const churn = async (i: number) => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const other = `other_${tag}_${i}`;
      while (!stop) {
        await client.query(`CREATE SCHEMA IF NOT EXISTS "${other}"; CREATE TABLE IF NOT EXISTS "${other}".t (id int, a text)`);
        await client.query(`DROP SCHEMA "${other}" CASCADE`);
      }
      await client.end();
    };
    const churners = [0, 1].map(churn);
    const failures: string[] = [];
    try {
      for (let n = 0; n < 3; n++) {
        const schema = `mig_${tag}_${n}`;
        const handle = await openDatabase({ url, schema, poolSize: 2 });
        await migrateToLatest(handle).catch((error) => failures.push(String(error)));
        const tables = await handle.pool.query('select count(*)::int as n from pg_tables where schemaname = $1', [schema]);
        await handle.pool.query(`DROP SCHEMA "${schema}" CASCADE`);
        await handle.close();
        expect(tables.rows[0].n).toBeGreaterThan(20);
      }
    } finally {
      stop = true;
      await Promise.all(churners);
    }
    expect(failures).toEqual([]);
  });
});
