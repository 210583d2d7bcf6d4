import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { automationOf } from '../src/modules/automation/index.js';
import { executeRunBatch } from '../src/modules/automation/runs/execute-batch.js';
import { BULK_RUNS_QUEUE } from '../src/modules/automation/runs/plan-run.js';
import { disableShippedRules, waitForJobs, waitForQuietJobs } from './helpers/automation.js';
import { startTestCrm, type TestCrm } from './helpers/crm.js';
import { runImport } from './helpers/imports.js';

/**
 * A large batch of an import's runs is applied a chunk of runs per transaction, and a request
 * that arrives meanwhile is answered between two chunks: on PGlite (one connection) it used to wait
 * for the whole batch.
 */
process.env.AUTOMATION_SCAN_MS = '3600000';

const LEADS = 600;
let t: TestCrm;
const db = () => t.crm.handle.db;

beforeAll(async () => {
  t = await startTestCrm({ jobs: true });
  await disableShippedRules(db());
});
afterAll(() => t?.close());

const runsOf = async (ruleId: string, status: string) =>
  (await sql<{ id: string }>`SELECT id FROM automation_runs WHERE rule_id = ${ruleId} AND status = ${status}`.execute(db())).rows.map((r) => r.id);

describe('a large batch of automation runs', () => {
  it('lets a list request through before the batch has finished', async () => {
    const service = automationOf(t.crm.modules);
    const admin = t.admin.client;
    const rule = await admin.post('/api/v1/automation/rules', {
      enabled: true,
      name: '导入线索标记',
      object: 'leads',
      trigger: { kind: 'record_created' },
      actions: [{ type: 'update_fields', updates: [{ op: 'set', field: 'title', value: '已分拣' }] }],
    });
    expect(rule.status, rule.text).toBe(201);
    const ruleId = rule.body.data.id as string;
    // The batch is executed below, by hand, as the bulk worker would.
    await service.boss!.offWork(BULK_RUNS_QUEUE);
    const csv = ['姓名,公司', ...Array.from({ length: LEADS }, (_, i) => `分拣线索${i},分拣公司${i}`)].join('\n');
    await runImport(admin, t.app, 'leads', csv, 'leads.csv', { mapping: { name: 0, company: 1 } });
    const ids = await waitForJobs(t.crm, async () => ((await runsOf(ruleId, 'pending')).length === LEADS ? runsOf(ruleId, 'pending') : null), 'the planned runs');
    await waitForQuietJobs(t.crm, ['record-events']);

    let finished = false;
    const batch = executeRunBatch(service, ids).finally(() => (finished = true));
    // Progress, not time: wait until a first chunk has committed (without chunks, that is the whole batch).
    while (!finished && (await runsOf(ruleId, 'done')).length === 0);
    const list = await admin.get('/api/v1/leads?limit=5');
    const doneWhenAnswered = (await runsOf(ruleId, 'done')).length;
    expect(list.status).toBe(200);
    expect(list.body.data).toHaveLength(5);
    expect(finished).toBe(false);
    expect(doneWhenAnswered).toBeLessThan(LEADS);

    expect((await batch).failed).toEqual([]);
    expect(await runsOf(ruleId, 'done')).toHaveLength(LEADS);
    const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM leads WHERE name LIKE '分拣线索%' AND title = '已分拣'`.execute(db());
    expect(Number(rows[0].n)).toBe(LEADS);
  });
});
