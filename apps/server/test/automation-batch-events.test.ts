import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BATCH_UPDATED } from '../src/engine/jobs/batch-event.js';
import type { RecordEvent } from '../src/engine/jobs/event-bus.js';
import { createLeadRule, disableShippedRules, waitForJobs, waitForQuietJobs } from './helpers/automation.js';
import { startTestCrm, type Client, type TestCrm, type TestUser } from './helpers/crm.js';

/**
 * Bulk updates (bulk set, a batch of update_fields runs) announce their records in one
 * record.batch_updated event per call, not an event and a job per record, and every subscriber
 * still handles each record: rules on the changed fields, the loop guard, 分配给我 notices, duplicate groups.
 */
process.env.AUTOMATION_SCAN_MS = '3600000';

let t: TestCrm;
let admin: Client;
const db = () => t.crm.handle.db;

beforeAll(async () => {
  t = await startTestCrm({ jobs: true });
  admin = t.admin.client;
  await disableShippedRules(db());
});
afterAll(() => t?.close());

const createRule = (body: Record<string, unknown>) => createLeadRule(admin, body);

const disable = async (...rules: string[]) => {
  for (const rule of rules) expect((await admin.patch(`/api/v1/automation/rules/${rule}`, { enabled: false })).status).toBe(200);
};

/** `n` leads written straight to the table (no events of their own), returning their ids in order. */
async function insertLeads(prefix: string, n: number): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    INSERT INTO leads (name, company, source, status) SELECT ${prefix} || g, ${prefix} || '公司' || g, 'website', 'new' FROM generate_series(1, ${n}) g
    RETURNING id`.execute(db());
  return rows.map((r) => r.id);
}

const lastOutboxId = async () => Number((await sql<{ id: string }>`SELECT coalesce(max(id), 0) AS id FROM outbox`.execute(db())).rows[0].id);

async function bulkSet(object: string, ids: string[], values: Record<string, unknown>) {
  const res = await admin.post(`/api/v1/${object}/bulk`, { action: 'set', ids, values });
  expect(res.status, res.text).toBe(200);
}

const runStatuses = async (rule: string) =>
  (await sql<{ status: string; n: string }>`SELECT status, count(*) AS n FROM automation_runs WHERE rule_id = ${rule} GROUP BY status ORDER BY status`.execute(db())).rows.map((r) => [r.status, Number(r.n)]);

/** The outbox rows (one event job each) written since `after`, per topic: rows and records they announce. */
async function eventsSince(after: number, object: string) {
  const { rows } = await sql<{ topic: string; n: string; records: string }>`
    SELECT topic, count(*) AS n, sum(CASE WHEN topic = ${BATCH_UPDATED} THEN jsonb_array_length(payload->'batch'->'updated') ELSE 1 END) AS records
    FROM outbox WHERE id > ${after} AND object = ${object} GROUP BY topic ORDER BY topic`.execute(db());
  return Object.fromEntries(rows.map((r) => [r.topic, { events: Number(r.n), records: Number(r.records) }]));
}

/** The batch events since `after`, as the bus hands them to subscribers. */
async function batchEventsSince(after: number): Promise<RecordEvent[]> {
  const { rows } = await sql<{ id: string; topic: string; object: string; record_id: string; payload: RecordEvent['payload']; created_at: Date }>`
    SELECT id, topic, object, record_id, payload, created_at FROM outbox WHERE id > ${after} AND topic = ${BATCH_UPDATED} ORDER BY id`.execute(db());
  return rows.map((r) => ({ id: String(r.id), topic: r.topic, object: r.object, recordId: r.record_id, payload: r.payload, createdAt: new Date(r.created_at).toISOString() }));
}

describe('a rule updating 500 records', () => {
  it('makes a few batch events, not 500 events and jobs, and a rule on the field it set fires for each record', async () => {
    const ids = await insertLeads('批量事件线索', 500);
    const first = await createRule({ name: '广告来源定职位', trigger: { kind: 'field_changed', field: 'source', to: 'ads' }, actions: [{ type: 'update_fields', updates: [{ op: 'set', field: 'title', value: '广告线索' }] }] });
    const downstream = await createRule({ name: '职位变更加标签', trigger: { kind: 'field_changed', field: 'title' }, conditions: { field: 'title', op: 'eq', value: '广告线索' }, actions: [{ type: 'update_fields', updates: [{ op: 'add_tag', field: 'tags', value: '广告' }] }] });
    const after = await lastOutboxId();
    const jobsBefore = await eventJobs();

    await bulkSet('leads', ids, { source: 'ads' });
    await waitForJobs(t.crm, async () => JSON.stringify(await runStatuses(downstream)) === JSON.stringify([['done', 500]]), 'the downstream rule to run for every lead');
    await waitForQuietJobs(t.crm);
    expect(await runStatuses(first)).toEqual([['done', 500]]);

    // 1,500 record changes (the bulk set, the first rule's, the downstream rule's): no record.updated
    // event of its own for any of them. The runs are applied 50 per transaction, so ~10 events per rule.
    const events = await eventsSince(after, 'leads');
    expect(events['record.updated']).toBeUndefined();
    expect(events[BATCH_UPDATED].records).toBe(1500);
    expect(events[BATCH_UPDATED].events).toBeLessThanOrEqual(30);
    // One event job per outbox row: a few dozen, where there were 1,500.
    expect((await eventJobs()) - jobsBefore).toBeLessThan(40);

    // Every lead changed three times, each change with its own audit entry; the chain's depths are carried.
    const { rows } = await sql<{ title: string; tags: string[]; audits: string }>`
      SELECT l.title, l.tags, (SELECT count(*) FROM audit_log a WHERE a.record_id = l.id AND a.action = 'update') AS audits
      FROM leads l WHERE l.id = ANY(${sql.val(ids)}::uuid[])`.execute(db());
    expect(rows.every((r) => r.title === '广告线索' && JSON.stringify(r.tags) === '["广告"]' && Number(r.audits) === 3)).toBe(true);
    const { rows: depths } = await sql<{ rule_id: string; depth: number; n: string }>`
      SELECT rule_id, depth, count(*) AS n FROM automation_runs WHERE rule_id IN (${first}, ${downstream}) GROUP BY rule_id, depth`.execute(db());
    expect(depths.map((d) => [d.rule_id === first ? 'first' : 'downstream', d.depth, Number(d.n)]).sort()).toEqual([['downstream', 1, 500], ['first', 0, 500]]);

    // A batch event delivered again (at least once) plans nothing more.
    const runsBefore = await countRuns(first, downstream);
    for (const event of await batchEventsSince(after)) await t.crm.bus.publish(event);
    await waitForQuietJobs(t.crm);
    expect(await countRuns(first, downstream)).toBe(runsBefore);
    await disable(first, downstream);
  });
});

describe('rules that set off each other through batches', () => {
  it('stop at the chain depth limit for every record (A → B → A …)', async () => {
    const ids = await insertLeads('循环线索', 30);
    const a = await createRule({ name: '循环A', trigger: { kind: 'field_changed', field: 'company' }, actions: [{ type: 'update_fields', updates: [{ op: 'template', field: 'title', template: '{{title}}甲' }] }] });
    const b = await createRule({ name: '循环B', trigger: { kind: 'field_changed', field: 'title' }, actions: [{ type: 'update_fields', updates: [{ op: 'template', field: 'company', template: '{{company}}乙' }] }] });
    const after = await lastOutboxId();

    await bulkSet('leads', ids, { company: '循环公司' });
    await waitForJobs(t.crm, async () => (await runStatuses(b)).some(([status]) => status === 'stopped'), 'a stopped run');
    await waitForQuietJobs(t.crm);

    // company set by hand → A (depth 0) → B (1) → A (2) → B (3) → A (4) → B at depth 5: stopped, no action.
    const { rows } = await sql<{ record_id: string; chain: string }>`
      SELECT r.record_id, string_agg(CASE WHEN r.rule_id = ${a} THEN 'A' ELSE 'B' END || r.depth || ':' || r.status, ' ' ORDER BY r.depth) AS chain
      FROM automation_runs r WHERE r.rule_id IN (${a}, ${b}) GROUP BY r.record_id`.execute(db());
    expect(rows).toHaveLength(30);
    for (const row of rows) expect(row.chain).toBe('A0:done B1:done A2:done B3:done A4:done B5:stopped');
    const { rows: leads } = await sql<{ title: string; company: string }>`SELECT title, company FROM leads WHERE id = ANY(${sql.val(ids)}::uuid[])`.execute(db());
    expect(leads.every((l) => l.title === '甲甲甲' && l.company === '循环公司乙乙')).toBe(true);
    // The chain went through batch events only.
    expect((await eventsSince(after, 'leads'))['record.updated']).toBeUndefined();
    await disable(a, b);
  });
});

describe('owners given by a rule to a batch of records', () => {
  let reps: TestUser[];

  beforeAll(async () => {
    reps = [await t.createUser({ role: 'sales_rep', name: '批量分配甲' }), await t.createUser({ role: 'sales_rep', name: '批量分配乙' }), await t.createUser({ role: 'sales_rep', name: '不要通知丙' })];
    // The third has 分配给我 switched off.
    expect((await admin.request('PUT', `/api/v1/notifications/preferences/${reps[2].id}`, { kinds: [{ kind: 'record_assigned', inApp: false, email: false, robot: false }] })).status).toBe(200);
  });

  it('are each told once, counting their records, and only if they want to be', async () => {
    const sources = ['referral', 'event', 'cold_call'];
    const rules = await Promise.all(
      sources.map((source, i) => createRule({ name: `按来源分配${i}`, trigger: { kind: 'field_changed', field: 'source', to: source }, actions: [{ type: 'update_fields', updates: [{ op: 'set', field: 'owner_id', value: reps[i].id }] }] })),
    );
    const groups = [await insertLeads('分配甲线索', 25), await insertLeads('分配乙线索', 15), await insertLeads('分配丙线索', 10)];
    const after = await lastOutboxId();
    for (const [i, ids] of groups.entries()) await bulkSet('leads', ids, { source: sources[i] });
    await waitForJobs(t.crm, async () => (await Promise.all(rules.map(runStatuses))).every((s, i) => JSON.stringify(s) === JSON.stringify([['done', groups[i].length]])), 'the assignment runs');
    await waitForQuietJobs(t.crm);

    // The owner changes came in batch events, with the rule as cause.
    const owned = (await batchEventsSince(after)).flatMap((e) => e.payload.batch!.updated).filter((item) => item.changes.owner_id);
    expect(owned).toHaveLength(50);
    expect(owned.every((item) => (item.cause as { automation?: { depth: number } }).automation?.depth === 1)).toBe(true);

    // One notice per transaction that gave them records: the runs of one batch event may be split
    // over two fetches of the run queue (a fetch takes 20 interactive runs), never a record told twice.
    const told = async () => Promise.all(reps.map(async (rep) => recordsTold(await noticeTitles(rep))));
    expect(await told()).toEqual([25, 15, 0]);
    expect((await noticeTitles(reps[0])).length).toBeLessThanOrEqual(2);

    // Delivered again, the batch events send nothing more.
    const before = await Promise.all(reps.map(noticeTitles));
    for (const event of await batchEventsSince(after)) await t.crm.bus.publish(event);
    expect(await Promise.all(reps.map(noticeTitles))).toEqual(before);
    await disable(...rules);
  });
});

describe('duplicate groups after a bulk update', () => {
  it('are recounted from the batch event for the match fields it changed', async () => {
    const ids = await insertLeads('重复检查线索', 3);
    const after = await lastOutboxId();
    await bulkSet('leads', ids, { mobile: '13912345678' });
    await waitForQuietJobs(t.crm);
    const group = async () => (await sql<{ size: number }>`SELECT size FROM duplicate_groups WHERE object = 'leads' AND rule = 'phone'`.execute(db())).rows;
    expect((await group()).map((g) => g.size)).toEqual([3]);

    // A group a race lost (two transactions, each without the other's row) is written again by the
    // event handler after commit: here the group row is removed and the batch event delivered again.
    await sql`DELETE FROM duplicate_groups WHERE object = 'leads' AND rule = 'phone'`.execute(db());
    const [event] = await batchEventsSince(after);
    expect(event.payload.batch!.updated.map((item) => item.id).sort()).toEqual([...ids].sort());
    await t.crm.bus.publish(event);
    expect((await group()).map((g) => g.size)).toEqual([3]);
  });
});

async function eventJobs() {
  const schema = t.crm.handle.schema === 'public' ? 'pgboss' : `${t.crm.handle.schema}_boss`;
  const { rows } = await t.crm.handle.pool.query(`SELECT count(*) AS n FROM "${schema}".job WHERE name = 'record-events'`);
  return Number(rows[0].n);
}

async function countRuns(...rules: string[]) {
  const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM automation_runs WHERE rule_id = ANY(${sql.val(rules)}::uuid[])`.execute(db());
  return Number(rows[0].n);
}

/** How many records a user's 分配给我 notices name: 「名字」 is one, "12 个线索…" twelve. */
function recordsTold(titles: string[]) {
  return titles.reduce((sum, title) => sum + (/^(\d+) 个/.exec(title) ? Number(/^(\d+) 个/.exec(title)![1]) : 1), 0);
}

async function noticeTitles(user: TestUser): Promise<string[]> {
  const { rows } = await sql<{ title: string }>`SELECT title FROM notifications WHERE user_id = ${user.id} AND kind = 'record_assigned' AND in_app ORDER BY created_at`.execute(db());
  return rows.map((r) => r.title);
}
