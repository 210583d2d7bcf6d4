import { sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noteGrowth } from '../src/db/growth-stats.js';
import { startTestCrm, type TestCrm } from './helpers/crm.js';

// PGlite has no autovacuum and a PostgreSQL server may run without it: a large import must give the
// planner its tables' new size itself, or lookups keep plans made for an empty table.
describe('planner statistics follow a table a bulk write grows', () => {
  let t: TestCrm;
  beforeAll(async () => {
    t = await startTestCrm();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('analyzes once the table has grown by 20,000 rows, then each time it holds five times as many, not on every batch', async () => {
    const db = t.crm.handle.db;
    const table = `growth_probe_${randomUUID().slice(0, 8)}`;
    // No autovacuum on this table even where the server runs it: only noteGrowth may analyze it.
    await sql`CREATE TABLE ${sql.table(table)} (id integer PRIMARY KEY, email text) WITH (autovacuum_enabled = false)`.execute(db);
    const estimate = async () => Number((await sql<{ n: number }>`SELECT reltuples::float8 AS n FROM pg_class WHERE oid = to_regclass(${table})`.execute(db)).rows[0].n);
    const insert = (from: number, to: number) => sql`INSERT INTO ${sql.table(table)} SELECT g, 'p' || g || '@example.cn' FROM generate_series(${from}::int, ${to}::int) g`.execute(db);

    await insert(1, 5_000);
    await noteGrowth(db, table, 5_000);
    expect(await estimate()).toBeLessThanOrEqual(0);

    await insert(5_001, 25_000);
    await noteGrowth(db, table, 20_000);
    expect(await estimate()).toBe(25_000);

    // The next analyze once the table holds five times as many rows (the planner scales its estimates by pages in between).
    await insert(25_001, 100_000);
    await noteGrowth(db, table, 75_000);
    expect(await estimate()).toBe(25_000);
    await insert(100_001, 125_000);
    await noteGrowth(db, table, 25_000);
    expect(await estimate()).toBe(125_000);
  });
});
