import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { buildAccessContext } from '../src/accounts/access-context.js';
import { startTestCrm } from './helpers/crm.js';
import { waitFor } from './helpers/local-servers.js';

/**
 * Two transactions giving the same new e-mail to two leads at once: each hook counts the key
 * without the other's uncommitted row, so neither writes the group. The recount from each
 * committed change's event must bring it. Only a PostgreSQL server runs two transactions at once.
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)('duplicate groups under concurrent writes', () => {
  it('groups two leads that two open transactions gave the same new e-mail', async () => {
    const t = await startTestCrm({ jobs: true });
    try {
      const db = t.crm.handle.db;
      const records = t.crm.engine.records;
      const meta = await records.object('leads');
      const ctx = await buildAccessContext(db, (await db.selectFrom('users').selectAll().where('id', '=', t.admin.id).executeTakeFirstOrThrow()) as never);
      const email = 'race.same@grp.cn';
      const lead = (name: string) => records.parseValues(meta, { name, email }, 'create', ctx);

      let firstWritten!: () => void;
      const written = new Promise<void>((resolve) => (firstWritten = resolve));
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const first = db.transaction().execute(async (trx) => {
        await records.bulk.insert(trx, meta, [lead('并发甲')], ctx);
        firstWritten();
        await gate;
      });
      await written;
      // The second commits while the first is still open: its count sees only its own key.
      await db.transaction().execute((trx) => records.bulk.insert(trx, meta, [lead('并发乙')], ctx));
      release();
      await first;

      const { rows: keys } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM duplicate_keys WHERE object = 'leads' AND value = ${email}`.execute(db);
      expect(keys[0].n).toBe(2);
      const groupSize = async () => (await sql<{ size: number }>`SELECT size FROM duplicate_groups WHERE object = 'leads' AND rule = 'email' AND value = ${email}`.execute(db)).rows[0]?.size;
      await waitFor(async () => (await groupSize()) === 2, 20_000, 'the group of both leads');
      const finder = await t.admin.client.get('/api/v1/leads/duplicates?limit=50');
      expect(finder.body.data.find((g: { value: string }) => g.value === email)?.size).toBe(2);
    } finally {
      await t.close();
    }
  });
});
