import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { SYSTEM_CONTEXT } from '../src/engine/index.js';
import { automationOf } from '../src/modules/automation/index.js';
import { createCrm, type Crm } from '../src/server.js';
import { HookServer, waitForJobs, waitForQuietJobs } from './helpers/automation.js';
import { cpuMsOf, waitForProgress } from './helpers/local-servers.js';
import { pgliteTemplate, startTestCrm } from './helpers/crm.js';
// The webhook receiver runs on 127.0.0.1, which outbound requests may not reach unless allowed.
process.env.CRM_OUTBOUND_ALLOW = '127.0.0.1';

process.env.AUTOMATION_SCAN_MS = '3600000';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function tempDir() {
  const dir = await mkdtemp(join(tmpdir(), 'crm-automation-'));
  dirs.push(dir);
  return dir;
}

/** Opens the app on a PGlite data folder; a new folder starts from the test run's migrated template. */
const openDir = async (dataDir: string, jobs: boolean) => createCrm({ database: { dataDir, template: await pgliteTemplate() }, jobs });

async function addTaskRule(crm: Crm, object = 'customers') {
  await crm.handle.db
    .insertInto('automation_rules')
    .values({
      name: '新建即建任务',
      object,
      trigger: JSON.stringify({ kind: 'record_created' }),
      conditions: null,
      actions: JSON.stringify([{ type: 'create_task', target: 'tasks', title: '回访 {{name}}', assignee: { kind: 'owner' }, due: { amount: 2, unit: 'hours' } }]),
      enabled: true,
      builtin_key: null,
      scanned_until: null,
    })
    .execute();
}

const count = async (crm: Crm, query: string) => Number((await crm.handle.pool.query(query)).rows[0].n);

describe('pending work survives a restart (PGlite data folder)', () => {
  it('an event written while jobs were off is processed after reopening, exactly once', async () => {
    const dataDir = await tempDir();
    const first = await openDir(dataDir, false);
    await addTaskRule(first);
    const customer = await first.engine.records.create('customers', { name: '重启客户' }, SYSTEM_CONTEXT);
    await first.close();

    const second = await openDir(dataDir, true);
    try {
      await waitForJobs(second, async () => (await count(second, `SELECT count(*) AS n FROM automation_runs WHERE status = 'done'`)) >= 1, 'the run');
      expect(await count(second, `SELECT count(*) AS n FROM tasks WHERE customer_id = '${customer.id}'`)).toBe(1);
      // Opening again (the outbox was relayed, the run is done) repeats nothing.
      await second.jobs!.relayOutbox();
    } finally {
      await second.close();
    }
    const third = await openDir(dataDir, true);
    try {
      // Whatever the reopened app would repeat (a relayed event, a queued run) has run once it is quiet.
      await waitForQuietJobs(third);
      expect(await count(third, `SELECT count(*) AS n FROM tasks WHERE customer_id = '${customer.id}'`)).toBe(1);
      expect(await count(third, `SELECT count(*) AS n FROM automation_runs`)).toBe(1);
    } finally {
      await third.close();
    }
  });

  it('an app closed right after the change, with jobs running, finishes the work on reopening, exactly once', async () => {
    const dataDir = await tempDir();
    const first = await openDir(dataDir, true);
    await addTaskRule(first, 'leads');
    const leads = [];
    for (let i = 0; i < 5; i++) leads.push(await first.engine.records.create('leads', { name: `关闭线索${i}` }, SYSTEM_CONTEXT));
    await first.close();
    const second = await openDir(dataDir, true);
    try {
      await waitForJobs(second, async () => (await count(second, `SELECT count(*) AS n FROM automation_runs WHERE status = 'done'`)) >= 5, 'five runs');
      for (const lead of leads) expect(await count(second, `SELECT count(*) AS n FROM tasks WHERE lead_id = '${lead.id}'`)).toBe(1);
    } finally {
      await second.close();
    }
  });
});

describe('kill -9 in the middle of the work', () => {
  it('after restarting, every lead has exactly one task and the webhook got every event (at least once)', async () => {
    const dataDir = await tempDir();
    const hooks = new HookServer();
    const hookUrl = await hooks.start();
    // Slow webhook receiver: the child is killed while calls are in flight.
    const originalReply = hooks.reply;
    const server = (hooks as unknown as { server: import('node:http').Server }).server;
    server.removeAllListeners('request');
    server.on('request', (req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        hooks.received.push({ url: req.url ?? '', headers: req.headers, raw, body: JSON.parse(raw) });
        setTimeout(() => res.writeHead(originalReply.status).end(originalReply.body), 400);
      });
    });
    const LEADS = 8;
    const script = fileURLToPath(new URL('./fixtures/automation-child.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      env: { ...process.env, CHILD_DATA_DIR: dataDir, CHILD_TEMPLATE: inject('pgliteTemplate') ?? '', CHILD_HOOK_URL: hookUrl, CHILD_LEADS: String(LEADS), AUTOMATION_SCAN_MS: '3600000' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    const exited = new Promise((resolve) => child.on('exit', resolve));
    try {
      // However slow the machine: the child starting up burns CPU, working it calls the webhook.
      await waitForProgress(async () => out.includes('READY') && hooks.received.length >= 2, () => [cpuMsOf(child.pid) ?? Date.now(), hooks.received.length], {
        what: 'the child to be mid-work',
        alive: () => child.exitCode === null,
      });
      child.kill('SIGKILL');
      await exited;
      const seenBeforeKill = hooks.received.length;
      expect(seenBeforeKill).toBeLessThan(LEADS); // it really was killed mid-work

      const crm = await openDir(dataDir, true);
      try {
        // A call the dead process had claimed may be made again right away.
        automationOf(crm.modules).staleClaimMs = 0;
        const doneRuns = () => count(crm, `SELECT count(*) AS n FROM automation_runs WHERE status = 'done'`);
        await waitForProgress(async () => (await doneRuns()) === LEADS, () => Promise.all([doneRuns(), hooks.received.length]), { what: 'all runs done' });
        expect(await count(crm, `SELECT count(*) AS n FROM leads`)).toBe(LEADS);
        expect(await count(crm, `SELECT count(*) AS n FROM automation_runs`)).toBe(LEADS);
        const perLead = (await crm.handle.pool.query(`SELECT l.id, count(t.id) AS n FROM leads l LEFT JOIN tasks t ON t.lead_id = l.id GROUP BY l.id`)).rows;
        expect(perLead.map((r) => Number(r.n))).toEqual(Array(LEADS).fill(1));
        const keys = new Set(hooks.received.map((r) => r.headers['x-crm-idempotency-key']));
        expect(keys.size).toBe(LEADS);
      } finally {
        await crm.close();
      }
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await hooks.stop();
    }
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('two app instances on one PostgreSQL database', () => {
  it('each event is processed once and each action takes effect once', async () => {
    const t = await startTestCrm({ jobs: true });
    const other = await createCrm({ database: { url: process.env.TEST_DATABASE_URL!, schema: t.crm.handle.schema, poolSize: 5 }, jobs: true });
    try {
      await addTaskRule(t.crm, 'contacts');
      const handled: Record<string, string[]> = { a: [], b: [] };
      t.crm.bus.subscribe('record.created', (e) => void handled.a.push(e.id));
      other.bus.subscribe('record.created', (e) => void handled.b.push(e.id));
      const N = 30;
      const ids: string[] = [];
      for (let i = 0; i < N; i++) {
        const crm = i % 2 ? other : t.crm;
        ids.push((await crm.engine.records.create('contacts', { name: `双实例${i}` }, SYSTEM_CONTEXT)).id as string);
      }
      await waitForJobs(t.crm, async () => (await count(t.crm, `SELECT count(*) AS n FROM automation_runs WHERE status = 'done'`)) >= N, 'all runs');
      // Every contact's event and every task's is handled, by whichever instance fetched it first
      // (which one is up to pg-boss: one fetch of 50 may take them all, so no split is asserted).
      await waitForJobs(t.crm, () => handled.a.length + handled.b.length >= 2 * N, 'every event handled');
      // Every job finished: an event handed to both instances would have been handled twice by now.
      await waitForQuietJobs(t.crm);
      const all = [...handled.a, ...handled.b];
      const contactEvents = all.filter((id, i) => all.indexOf(id) === i);
      expect(all.length).toBe(contactEvents.length); // no event handed to two instances
      expect(await count(t.crm, `SELECT count(*) AS n FROM automation_runs`)).toBe(N);
      const perContact = (await t.crm.handle.pool.query(`SELECT c.id, count(t.id) AS n FROM contacts c LEFT JOIN tasks t ON t.contact_id = c.id GROUP BY c.id`)).rows;
      expect(perContact.map((r) => Number(r.n))).toEqual(Array(N).fill(1));
    } finally {
      await other.close();
      await t.close();
    }
  });
});
