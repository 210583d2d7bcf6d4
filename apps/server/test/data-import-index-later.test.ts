import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFirstAdmin } from '../src/accounts/bootstrap.js';
import { buildAccessContext } from '../src/accounts/access-context.js';
import { createSession } from '../src/accounts/sessions.js';
import { matchKeys } from '../src/modules/duplicates/match-keys.js';
import { DEFAULT_RULES } from '../src/modules/duplicates/rules.js';
import { createCrm, type Crm } from '../src/server.js';
import { Client, pgliteTemplate, startTestCrm, type TestCrm } from './helpers/crm.js';
import { runImport } from './helpers/imports.js';
import { cpuMsOf, waitForProgress } from './helpers/local-servers.js';

// Every import here is "large": its search terms and duplicate keys are built after it is done.
process.env.CRM_IMPORT_INDEX_LATER_ROWS = '1';

const contactsCsv = (n: number, from = 0) =>
  ['姓名,公司,邮箱', ...Array.from({ length: n }, (_, i) => `延后${from + i}号,索引${(from + i) % 7}公司,later${from + i}@example.cn`)].join('\n') + '\n';
const mapping = { name: 0, company: 1, email: 2 };
const options = { dedupe: { policy: 'skip', keys: ['email'] } };

/** Every live contact has its search terms, and exactly the match keys its values give (none missing, none doubled). */
async function expectFullyIndexed(crm: Crm) {
  const db = crm.handle.db;
  const { rows: unsearched } = await sql<{ n: string }>`SELECT count(*) AS n FROM contacts WHERE _search IS NULL AND deleted_at IS NULL`.execute(db);
  expect(Number(unsearched[0].n)).toBe(0);
  const contacts = (await crm.engine.records.list('contacts', { limit: 1000 }, await adminContext(crm))).data;
  const expected = contacts.reduce((n, c) => n + matchKeys(DEFAULT_RULES.contacts, c).length, 0);
  const { rows } = await sql<{ n: string; distinct: string }>`
    SELECT count(*) AS n, count(DISTINCT (record_id, rule, kind, value)) AS distinct FROM duplicate_keys WHERE object = 'contacts'`.execute(db);
  expect(Number(rows[0].n)).toBe(expected);
  expect(Number(rows[0].distinct)).toBe(expected);
}

async function adminContext(crm: Crm) {
  const user = await crm.handle.db.selectFrom('users').select(['id', 'email', 'name', 'locale', 'role_id', 'team_id']).orderBy('created_at').executeTakeFirstOrThrow();
  return buildAccessContext(crm.handle.db, user);
}

describe('a large import is done before its records are indexed', { timeout: 300_000 }, () => {
  let t: TestCrm;
  beforeAll(async () => {
    t = await startTestCrm({ jobs: true });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('records inserted to be indexed later are listed but not found by search or the duplicate finder until indexed', async () => {
    const { crm } = t;
    const meta = crm.engine.metadata.get('contacts');
    const ctx = await adminContext(crm);
    const values = crm.engine.records.parseValues(meta, { name: '未索引甲', email: 'unindexed@example.cn' }, 'create', ctx);
    const [record] = await crm.handle.db.transaction().execute((trx) => crm.engine.records.bulk.insert(trx, meta, [values], ctx, { indexLater: true }));
    const client = t.admin.client;
    expect((await client.list('contacts', { q: '未索引甲' })).body.data).toHaveLength(0);
    expect((await client.get(`/api/v1/contacts/${record.id}`)).status).toBe(200);
    const keys = () => crm.handle.db.selectFrom('duplicate_keys').select('value').where('record_id', '=', record.id as string).execute();
    expect(await keys()).toHaveLength(0);

    // Indexing twice (a batch repeated after a crash) builds everything once.
    for (let i = 0; i < 2; i++) await crm.handle.db.transaction().execute((trx) => crm.engine.records.bulk.index(trx, meta, [record.id as string], ctx));
    expect((await client.list('contacts', { q: '未索引甲' })).body.data.map((r: { id: string }) => r.id)).toEqual([record.id]);
    expect((await keys()).length).toBe(matchKeys(DEFAULT_RULES.contacts, record).length);
    await client.delete(`/api/v1/contacts/${record.id}`);
  });

  it('the import reports done with its rows deduplicated; the background pass shows progress and makes them searchable', async () => {
    const client = t.admin.client;
    await client.create('contacts', { name: '已有联系人', email: 'later3@example.cn' });
    const done = await runImport(client, t.app, 'contacts', contactsCsv(40), 'later.csv', { mapping, options });
    expect(done).toMatchObject({ status: 'done', created: 39, skipped: 1 });
    expect(done.indexing).toMatchObject({ total: 39 });
    expect((await client.list('contacts', { count: true })).body.total).toBe(40);

    const indexed = await waitForProgress(
      async () => {
        const now = (await client.get(`/api/v1/imports/${done.id}`)).body.data;
        return now.indexing?.status === 'done' ? now : null;
      },
      async () => (await client.get(`/api/v1/imports/${done.id}`)).body.data.indexing?.done,
      { what: 'the import to be indexed' },
    );
    expect(indexed.indexing).toEqual({ status: 'done', searchable: true, done: 39, total: 39 });
    expect((await client.list('contacts', { q: '延后17号' })).body.data).toHaveLength(1);
    await expectFullyIndexed(t.crm);
  });
});

describe('kill -9 while writing and while indexing', { timeout: 900_000 }, () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('loses and doubles nothing: every row once, every record searchable with its keys once', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'crm-import-kill-'));
    dirs.push(dataDir);
    const ROWS = 600;
    // The parent starts the import with jobs off; the children (jobs on) resume it.
    const setup = await createCrm({ database: { dataDir, template: await pgliteTemplate() }, jobs: false });
    await ensureFirstAdmin(setup.handle.db, 'admin@kill.local', 'secret-pass-1');
    const adminId = (await setup.handle.db.selectFrom('users').select('id').executeTakeFirstOrThrow()).id;
    const cookie = `crm_session=${await createSession(setup.handle.db, adminId)}`;
    const client = new Client(setup.app, { cookie }, adminId);
    await client.create('contacts', { name: '已有联系人', email: 'later5@example.cn' });
    const up = await setup.app.inject({ method: 'POST', url: '/api/v1/imports?object=contacts&fileName=kill.csv', headers: { cookie, 'content-type': 'text/csv' }, payload: contactsCsv(ROWS) });
    const id = up.json().data.id as string;
    expect((await client.patch(`/api/v1/imports/${id}`, { mapping, options })).status).toBe(200);
    expect((await client.post(`/api/v1/imports/${id}/run`)).status).toBe(202);
    await setup.close();

    type State = { status: string; checkpoint: number; index_status: string | null; searched_rows: number; searched_at: string | null; indexed_rows: number; error: string | null };
    /** Runs a child until `until` holds for its printed state, then kills it with SIGKILL. */
    const runChild = async (until: (s: State) => boolean, what: string) => {
      const script = fileURLToPath(new URL('./fixtures/import-index-child.ts', import.meta.url));
      const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', script], {
        env: { ...process.env, CHILD_DATA_DIR: dataDir, CRM_IMPORT_BATCH_ROWS: '25', CRM_IMPORT_INDEX_BATCH: '25', CRM_IMPORT_LEASE_SECONDS: '1', LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let last: State | null = null;
      let buffer = '';
      child.stdout!.on('data', (chunk) => {
        buffer += chunk;
        const lines = buffer.split('\n');
        buffer = lines.pop()!;
        for (const line of lines) if (line.startsWith('{')) last = JSON.parse(line);
      });
      const exited = new Promise((resolve) => child.on('exit', resolve));
      try {
        const state = await waitForProgress(() => (last && until(last) ? last : null), () => [cpuMsOf(child.pid) ?? Date.now(), last], { what, alive: () => child.exitCode === null });
        expect(state.error).toBeNull();
        return state;
      } finally {
        child.kill('SIGKILL');
        await exited;
      }
    };
    const mid = (n: number) => n > 0 && n < ROWS - 50;
    const writing = await runChild((s) => s.status === 'running' && mid(s.checkpoint), 'the import to be mid-write');
    expect(writing.index_status).toBeNull();
    // Killed in each phase of the pass: mid search terms, then mid match keys (search terms all built).
    const searching = await runChild((s) => s.status === 'done' && s.index_status === 'pending' && mid(s.searched_rows), 'the import to be mid-search-phase');
    expect(searching).toMatchObject({ checkpoint: ROWS, searched_at: null, indexed_rows: 0 });
    const keying = await runChild((s) => s.status === 'done' && s.index_status === 'pending' && mid(s.indexed_rows), 'the import to be mid-key-phase');
    expect(keying.searched_at).not.toBeNull();
    expect(keying.searched_rows).toBe(ROWS - 1);
    // Mid key phase every record is already searchable, while some still lack their match keys.
    const between = await createCrm({ database: { dataDir }, jobs: false });
    try {
      const { rows } = await sql<{ unsearched: string; keyed: string }>`
        SELECT count(*) FILTER (WHERE _search IS NULL) AS unsearched,
          count(*) FILTER (WHERE EXISTS (SELECT 1 FROM duplicate_keys k WHERE k.record_id = c.id)) AS keyed
        FROM contacts c WHERE deleted_at IS NULL`.execute(between.handle.db);
      expect(Number(rows[0].unsearched)).toBe(0);
      expect(Number(rows[0].keyed)).toBeLessThan(ROWS);
      // The killed child's lease has lapsed (this process would wait 60 s for it, the children 1 s).
      await between.handle.db.updateTable('imports').set({ heartbeat_at: sql<Date>`now() - interval '1 hour'` }).where('id', '=', id).execute();
    } finally {
      await between.close();
    }

    // The last pass runs here, not in a fourth child: it is not killed, so a process of its own adds nothing.
    const crm = await createCrm({ database: { dataDir }, jobs: true });
    try {
      const state = () => crm.handle.db.selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      const imp = await waitForProgress(async () => ((await state()).index_status === 'done' ? state() : null), async () => (await state()).indexed_rows, { what: 'the import to be indexed' });
      expect(imp).toMatchObject({ status: 'done', indexed_rows: ROWS - 1, error: null, created_count: ROWS - 1, skipped_count: 1, rejected_count: 0 });
      const { rows } = await sql<{ n: string; emails: string }>`SELECT count(*) AS n, count(DISTINCT lower(email)) AS emails FROM contacts WHERE deleted_at IS NULL`.execute(crm.handle.db);
      expect(rows[0]).toEqual({ n: String(ROWS), emails: String(ROWS) });
      await expectFullyIndexed(crm);
    } finally {
      await crm.close();
    }
  });
});
