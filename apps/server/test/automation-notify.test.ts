import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { automationOf } from '../src/modules/automation/index.js';
import type { AutomationService } from '../src/modules/automation/service.js';
import { startTestCrm, type TestCrm, type TestUser } from './helpers/crm.js';
import { disableShippedRules } from './helpers/automation.js';
import { startSmtpServer, waitFor } from './helpers/local-servers.js';
// The SMTP and webhook receivers run on 127.0.0.1, which outbound requests may not reach unless allowed.
process.env.CRM_OUTBOUND_ALLOW = '127.0.0.1';

/** Automation rules reaching people: the notify and send_email actions, and the shipped rules that use them. */
process.env.AUTOMATION_SCAN_MS = '3600000'; // scans run on the test's own clock

let t: TestCrm;
let automation: AutomationService;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let rep: TestUser;
let manager: TestUser;
const db = () => t.crm.handle.db;

beforeAll(async () => {
  [t, smtp] = await Promise.all([startTestCrm({ jobs: true }), startSmtpServer()]);
  automation = automationOf(t.crm.modules);
  await disableShippedRules(db(), ['task_due_reminder', 'task_remind_at', 'deal_no_follow_up']);
  const team = await t.createTeam('华东销售部');
  manager = await t.createUser({ role: 'sales_manager', teamId: team, name: '王经理', email: 'wang.manager@crm.test' });
  rep = await t.createUser({ role: 'sales_rep', teamId: team, name: '李销售', email: 'li.rep@crm.test' });
  await db().updateTable('teams').set({ lead_user_id: manager.id }).where('id', '=', team).execute();
  const saved = await t.admin.client.request('PUT', '/api/v1/email/settings', { host: '127.0.0.1', port: smtp.port, security: 'none', username: null, fromName: 'CRM', fromAddress: 'noreply@crm.test', appUrl: 'https://crm.example.com/' });
  if (saved.status !== 200) throw new Error(saved.text);
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const notificationsOf = async (user: TestUser) => (await user.client.get('/api/v1/notifications')).body.data as Array<{ title: string; body: string | null; link: string | null }>;

async function builtinRule(key: string) {
  return db().selectFrom('automation_rules').selectAll().where('builtin_key', '=', key).executeTakeFirstOrThrow();
}

describe('shipped rules that notify', () => {
  it('reminds the owner one hour before a task is due, once, with a link to the task', async () => {
    const rule = await builtinRule('task_due_reminder');
    expect(rule.enabled).toBe(true);
    await automation.scanDue(new Date('2040-06-01T00:00:00Z'));
    const task = await rep.client.create('tasks', { title: '给客户回电话', due_at: '2040-06-01T03:00:00Z' });
    await automation.scanDue(new Date('2040-06-01T01:30:00Z'));
    expect(await notificationsOf(rep)).toEqual([]);
    await automation.scanDue(new Date('2040-06-01T02:00:30Z'));
    const [reminder] = await waitFor(async () => {
      const list = await notificationsOf(rep);
      return list.length ? list : undefined;
    });
    expect(reminder).toMatchObject({ title: '任务即将到期：给客户回电话', link: `/o/tasks/${task.id}` });
    await automation.scanDue(new Date('2040-06-01T02:30:00Z'));
    await new Promise((r) => setTimeout(r, 1500));
    expect(await notificationsOf(rep)).toHaveLength(1);
    expect(await notificationsOf(manager)).toEqual([]);
  });

  it('tells the owner’s manager about a deal with no follow-up for 14 days', async () => {
    const rule = await builtinRule('deal_no_follow_up');
    expect((await t.admin.client.patch(`/api/v1/automation/rules/${rule.id}`, { enabled: true })).status).toBe(200);
    await automation.scanDue(new Date('2041-01-01T00:00:00Z'));
    const customer = await rep.client.create('customers', { name: '冷门科技有限公司' });
    const deal = await rep.client.create('deals', { name: '冷门科技续约', customer_id: customer.id, stage: 'proposal' });
    await db().updateTable('deals' as never).set({ created_at: '2040-12-20T00:00:00Z' } as never).where('id' as never, '=', deal.id as never).execute();
    await automation.scanDue(new Date('2041-01-05T00:00:00Z'));
    const [alert] = await waitFor(async () => {
      const list = await notificationsOf(manager);
      return list.length ? list : undefined;
    });
    expect(alert).toMatchObject({ title: '商机 14 天未跟进：冷门科技续约', link: `/o/deals/${deal.id}` });
    expect(alert.body).toContain('冷门科技有限公司');
    expect((await notificationsOf(rep)).filter((n) => n.title.startsWith('商机'))).toEqual([]);
    expect((await t.admin.client.patch(`/api/v1/automation/rules/${rule.id}`, { enabled: false })).status).toBe(200);
  });
});

describe('a task’s 提醒时间 (remind_at)', () => {
  it('reminds the owner at remind_at, once, and again when it is moved later; not when the task is done', async () => {
    expect((await builtinRule('task_remind_at')).enabled).toBe(true);
    await automation.scanDue(new Date('2043-03-01T00:00:00Z'));
    const task = await rep.client.create('tasks', { title: '准备投标文件', remind_at: '2043-03-01T02:00:00Z', due_at: '2043-03-02T10:00:00Z' });
    const reminders = async () => (await notificationsOf(rep)).filter((n) => n.title === '任务提醒：准备投标文件');
    await automation.scanDue(new Date('2043-03-01T01:59:00Z'));
    expect(await reminders()).toEqual([]);
    await automation.scanDue(new Date('2043-03-01T02:00:30Z'));
    const [first] = await waitFor(async () => ((await reminders()).length ? reminders() : undefined), 20_000, 'the reminder');
    expect(first.link).toBe(`/o/tasks/${task.id}`);
    // Times read in CRM_TIME_ZONE (Asia/Shanghai) and the recipient's language, not as UTC ISO strings.
    expect(first.body).toBe('截止时间 2043年3月2日 18:00');
    await automation.scanDue(new Date('2043-03-01T03:00:00Z'));
    // Moved later: reminded again at the new time, and only then.
    expect((await rep.client.patch(`/api/v1/tasks/${task.id}`, { remind_at: '2043-03-01T05:00:00Z', version: task.version })).status).toBe(200);
    await automation.scanDue(new Date('2043-03-01T04:00:00Z'));
    expect(await reminders()).toHaveLength(1);
    await automation.scanDue(new Date('2043-03-01T05:00:30Z'));
    await waitFor(async () => ((await reminders()).length === 2 ? true : undefined), 20_000, 'the second reminder');
    // Done: moving the reminder again reminds nobody.
    const now = (await rep.client.get(`/api/v1/tasks/${task.id}`)).body.data;
    expect((await rep.client.patch(`/api/v1/tasks/${task.id}`, { status: 'done', remind_at: '2043-03-01T07:00:00Z', version: now.version })).status).toBe(200);
    await automation.scanDue(new Date('2043-03-01T07:00:30Z'));
    const rule = await builtinRule('task_remind_at');
    await waitFor(async () => {
      const runs = await db().selectFrom('automation_runs').select('status').where('rule_id', '=', rule.id).where('record_id', '=', task.id).execute();
      return runs.length === 3 && runs.every((r) => r.status !== 'pending') ? runs : undefined;
    }, 20_000, 'three runs finished');
    expect(await reminders()).toHaveLength(2);
  });
});

describe('rules switched on while records are already past their time', () => {
  it('alerts the manager about deals idle since long before the stale-deal rule was on, once', async () => {
    const rule = await builtinRule('deal_no_follow_up');
    const customer = await rep.client.create('customers', { name: '老旧项目集团' });
    const deal = await rep.client.create('deals', { name: '老旧项目扩容', customer_id: customer.id, stage: 'negotiation' });
    await db().updateTable('deals' as never).set({ created_at: '2044-01-01T00:00:00Z', last_activity_at: '2044-01-10T00:00:00Z' } as never).where('id' as never, '=', deal.id as never).execute();
    const alerts = async () => (await notificationsOf(manager)).filter((n) => n.title.includes('老旧项目扩容'));
    // Idle for months, then the rule is switched on: the first scan reports it.
    expect((await t.admin.client.patch(`/api/v1/automation/rules/${rule.id}`, { enabled: true })).status).toBe(200);
    await automation.scanDue(new Date('2044-06-01T00:00:00Z'));
    await waitFor(async () => ((await alerts()).length ? true : undefined), 20_000, 'the stale-deal alert');
    // Off and on again, scanned again: the same idle spell is not reported twice.
    await t.admin.client.patch(`/api/v1/automation/rules/${rule.id}`, { enabled: false });
    await t.admin.client.patch(`/api/v1/automation/rules/${rule.id}`, { enabled: true });
    await automation.scanDue(new Date('2044-06-02T00:00:00Z'));
    await automation.scanDue(new Date('2044-06-03T00:00:00Z'));
    const runs = await db().selectFrom('automation_runs').select('status').where('rule_id', '=', rule.id).where('record_id', '=', deal.id).execute();
    expect(runs).toHaveLength(1);
    const shown = await alerts();
    expect(shown).toHaveLength(1);
    // The stage reads by its label (谈判审核), not its stored key (negotiation).
    expect(shown[0].body).toBe('客户 老旧项目集团，阶段 谈判审核');
    expect((await t.admin.client.patch(`/api/v1/automation/rules/${rule.id}`, { enabled: false })).status).toBe(200);
  });
});

describe('send_email action', () => {
  it('e-mails the record owner from a template, once per event', async () => {
    const res = await t.admin.client.post('/api/v1/automation/rules', {
      name: '新客户邮件', object: 'customers', enabled: true, trigger: { kind: 'record_created' },
      conditions: { field: 'name', op: 'starts_with', value: '邮件' },
      actions: [{ type: 'send_email', template: 'record_assigned', to: 'owner' }],
    });
    expect(res.status).toBe(201);
    await rep.client.create('customers', { name: '邮件测试客户' });
    const mine = () => smtp.received.filter((m) => m.envelope.to.includes('li.rep@crm.test') && m.mail.subject?.includes('邮件测试客户'));
    const mail = await waitFor(() => mine()[0]);
    expect(mail.mail.subject).toBe('邮件测试客户 已分配给您');
    expect(mail.mail.text).toContain('李销售，您好');
    await new Promise((r) => setTimeout(r, 1500));
    expect(mine()).toHaveLength(1);
  });

  it('refuses an unknown template or notification kind, naming the field', async () => {
    const bad = await t.admin.client.post('/api/v1/automation/rules', { name: 'x', object: 'customers', trigger: { kind: 'record_created' }, actions: [{ type: 'send_email', template: 'no-such', to: 'owner' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('actions.0.template');
    const badKind = await t.admin.client.post('/api/v1/automation/rules', { name: 'x', object: 'customers', trigger: { kind: 'record_created' }, actions: [{ type: 'notify', recipients: 'owner', kind: 'nope', title: 'hi' }] });
    expect(badKind.status).toBe(400);
    expect(badKind.body.error.details[0].path).toBe('actions.0.kind');
  });
});
