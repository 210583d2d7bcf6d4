import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notify, sendTemplateEmail } from '../src/modules/notifications/index.js';
import { startTestCrm, type TestCrm, type TestUser } from './helpers/crm.js';
import { startSmtpServer, startWebhookServer, waitFor } from './helpers/local-servers.js';
// The SMTP and webhook receivers run on 127.0.0.1, which outbound requests may not reach unless allowed.
process.env.CRM_OUTBOUND_ALLOW = '127.0.0.1';

/** E-mail and robot deliveries through pg-boss jobs, to a real local SMTP server and webhook receiver. */
let t: TestCrm;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let hooks: Awaited<ReturnType<typeof startWebhookServer>>;
let zhUser: TestUser;
let enUser: TestUser;
const db = () => t.crm.handle.db;

const smtpSettings = () => ({ host: '127.0.0.1', port: smtp.port, security: 'none', username: null, fromName: '青松 CRM 系统', fromAddress: 'noreply@crm.test', appUrl: 'https://crm.example.com/' });

beforeAll(async () => {
  [t, smtp, hooks] = await Promise.all([startTestCrm({ jobs: true }), startSmtpServer(), startWebhookServer()]);
  zhUser = await t.createUser({ role: 'sales_rep', name: '张伟', email: 'zhang.wei@crm.test' });
  enUser = await t.createUser({ role: 'sales_rep', name: 'Emily Chen', email: 'emily@crm.test', locale: 'en' });
  const saved = await t.admin.client.request('PUT', '/api/v1/email/settings', smtpSettings());
  if (saved.status !== 200) throw new Error(saved.text);
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
  await hooks?.close();
});

const mailTo = (address: string) => smtp.received.find((m) => m.envelope.to.includes(address));
const deliveriesOf = (notificationId: string) => db().selectFrom('notification_deliveries').selectAll().where('notification_id', '=', notificationId).execute();

describe('e-mail', () => {
  it('sends a notification as e-mail in the recipient’s language, UTF-8 encoded', async () => {
    const result = await notify({ userIds: [zhUser.id, enUser.id], kind: 'task_reminder', title: '回访客户', link: '/o/tasks/abc', vars: { record: { name: '回访「青松科技」' }, due: '2026-11-24 09:00' } }, db());
    expect(result.deliveries).toBe(2);
    const zh = await waitFor(() => mailTo('zhang.wei@crm.test'));
    expect(zh.mail.subject).toBe('任务提醒：回访「青松科技」');
    expect(zh.mail.text).toContain('张伟，您好：');
    expect(zh.mail.text).toContain('您的任务「回访「青松科技」」将于 2026-11-24 09:00 到期。');
    // The app path became an absolute link with the configured address.
    expect(zh.mail.text).toContain('查看任务：https://crm.example.com/o/tasks/abc');
    expect(zh.mail.from?.value).toEqual([{ address: 'noreply@crm.test', name: '青松 CRM 系统' }]);
    expect(zh.mail.to).toMatchObject({ value: [{ address: 'zhang.wei@crm.test', name: '张伟' }] });
    // Encoded on the wire (no raw 8-bit Chinese in headers), declared as UTF-8.
    expect(zh.raw).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/im);
    expect(zh.raw).toMatch(/Content-Type: text\/plain; charset=utf-8/i);
    const en = await waitFor(() => mailTo('emily@crm.test'));
    expect(en.mail.subject).toBe('Task reminder: 回访「青松科技」');
    expect(en.mail.text).toContain('Hello Emily Chen,');
    const rows = await deliveriesOf(result.created[0].id);
    await waitFor(async () => (await deliveriesOf(result.created[0].id))[0].status === 'sent' || undefined);
    expect(rows).toHaveLength(1);
  });

  it('respects a user who turned e-mail off', async () => {
    const quiet = await t.createUser({ role: 'sales_rep', email: 'quiet@crm.test' });
    await quiet.client.request('PUT', '/api/v1/notifications/preferences', { kinds: [{ kind: 'task_reminder', inApp: true, email: false, robot: false }] });
    const result = await notify({ userIds: [quiet.id, zhUser.id], kind: 'task_reminder', title: '第二个任务', vars: { record: { name: '第二个任务' } } }, db());
    expect(result.deliveries).toBe(1);
    await waitFor(() => smtp.received.find((m) => m.mail.subject === '任务提醒：第二个任务'));
    expect(smtp.received.some((m) => m.envelope.to.includes('quiet@crm.test'))).toBe(false);
  });

  it('sends a template to a bare address once per dedupe key', async () => {
    const first = await sendTemplateEmail({ template: 'record_assigned', to: { address: 'partner@example.org', name: '合作伙伴' }, locale: 'zh-CN', vars: { record: { name: '华北大单' }, title: '商机已分配', body: '请尽快联系' }, dedupeKey: 'deal-9:assigned' }, db());
    const second = await sendTemplateEmail({ template: 'record_assigned', to: { address: 'partner@example.org' }, vars: {}, dedupeKey: 'deal-9:assigned' }, db());
    expect(first.deliveryId).not.toBeNull();
    expect(second.deliveryId).toBeNull();
    const mail = await waitFor(() => mailTo('partner@example.org'));
    expect(mail.mail.subject).toBe('华北大单 已分配给您');
    expect(mail.mail.text).toContain('合作伙伴，您好：');
    await new Promise((r) => setTimeout(r, 1500));
    expect(smtp.received.filter((m) => m.envelope.to.includes('partner@example.org'))).toHaveLength(1);
    await expect(sendTemplateEmail({ template: 'nope', to: { address: 'a@b.cn' }, vars: {} }, db())).rejects.toMatchObject({ details: [{ path: 'template' }] });
    await expect(sendTemplateEmail({ template: 'general', to: { address: 'not an address' } as never, vars: {} }, db())).rejects.toMatchObject({ status: 400 });
  });

  it('test-send delivers a message, and reports an unreachable or refusing server clearly', async () => {
    const ok = await t.admin.client.post('/api/v1/email/settings/test', { to: 'admin-inbox@crm.test' });
    expect(ok.status).toBe(200);
    const mail = await waitFor(() => mailTo('admin-inbox@crm.test'));
    expect(mail.mail.subject).toBe('CRM 测试邮件');

    const down = await t.admin.client.post('/api/v1/email/settings/test', { to: 'x@crm.test', settings: { ...smtpSettings(), port: 1 } });
    expect(down.status).toBe(422);
    expect(down.body.error.message).toMatch(/^SMTP test failed: .*ECONNREFUSED/);
    expect(down.body.error.details[0].path).toBe('host');

    const locked = await startSmtpServer({ user: 'crm', pass: 'right' });
    try {
      const denied = await t.admin.client.post('/api/v1/email/settings/test', { to: 'x@crm.test', settings: { ...smtpSettings(), port: locked.port, username: 'crm', password: 'wrong' } });
      expect(denied.status).toBe(422);
      expect(denied.body.error.message).toMatch(/Invalid username or password/);
      expect(denied.body.error.details[0].path).toBe('username');
    } finally {
      await locked.close();
    }
  });
});

describe('group robots', () => {
  it('posts the documented WeCom markdown message', async () => {
    const user = await t.createUser({ role: 'sales_rep' });
    await t.admin.client.request('PUT', `/api/v1/notifications/preferences/${user.id}`, {
      kinds: [{ kind: 'no_follow_up', inApp: true, email: false, robot: true }],
      robot: { provider: 'wecom', webhookUrl: `${hooks.url}/cgi-bin/webhook/send?key=wecom-key` },
    });
    await notify({ userIds: [user.id], kind: 'no_follow_up', title: '商机「年度采购」14 天未跟进', body: '负责人：张伟', link: '/o/deals/42' }, db());
    const post = await waitFor(() => hooks.received.find((p) => p.url.includes('wecom-key')));
    expect(post.url).toBe('/cgi-bin/webhook/send?key=wecom-key');
    expect(post.headers['content-type']).toMatch(/application\/json/);
    expect(JSON.parse(post.body)).toEqual({
      msgtype: 'markdown',
      markdown: { content: '### 商机「年度采购」14 天未跟进\n\n负责人：张伟\n\n[查看详情](https://crm.example.com/o/deals/42)' },
    });
  });

  it('signs DingTalk messages with the secret', async () => {
    const user = await t.createUser({ role: 'sales_rep', locale: 'en' });
    await t.admin.client.request('PUT', `/api/v1/notifications/preferences/${user.id}`, {
      kinds: [{ kind: 'general', inApp: false, email: false, robot: true }],
      robot: { provider: 'dingtalk', webhookUrl: `${hooks.url}/robot/send?access_token=ding-token`, secret: 'SEC0123456789' },
    });
    const before = Date.now();
    await notify({ userIds: [user.id], kind: 'general', title: 'Quarterly review', body: '季度复盘会议' }, db());
    const post = await waitFor(() => hooks.received.find((p) => p.url.includes('ding-token')));
    const url = new URL(post.url, hooks.url);
    const timestamp = url.searchParams.get('timestamp')!;
    expect(Number(timestamp)).toBeGreaterThanOrEqual(before);
    const expected = createHmac('sha256', 'SEC0123456789').update(`${timestamp}\nSEC0123456789`).digest('base64');
    expect(url.searchParams.get('sign')).toBe(expected);
    expect(url.searchParams.get('access_token')).toBe('ding-token');
    expect(JSON.parse(post.body)).toEqual({ msgtype: 'markdown', markdown: { title: 'Quarterly review', text: '### Quarterly review\n\n季度复盘会议' } });
  });

  it('records a refused message with its error and retries it', async () => {
    const user = await t.createUser({ role: 'sales_rep' });
    await t.admin.client.request('PUT', `/api/v1/notifications/preferences/${user.id}`, {
      kinds: [{ kind: 'general', inApp: true, email: false, robot: true }],
      robot: { provider: 'wecom', webhookUrl: `${hooks.url}/cgi-bin/webhook/send?key=flaky` },
    });
    hooks.replies.push({ status: 200, body: '{"errcode":93000,"errmsg":"invalid webhook url"}' });
    const result = await notify({ userIds: [user.id], kind: 'general', title: '重试测试' }, db());
    const failed = await waitFor(async () => (await deliveriesOf(result.created[0].id)).find((d) => d.last_error));
    expect(failed.last_error).toContain('93000 invalid webhook url');
    // pg-boss retries after its backoff; the second answer is a success.
    const sent = await waitFor(async () => (await deliveriesOf(result.created[0].id)).find((d) => d.status === 'sent'), 45_000);
    expect(sent.attempts).toBe(2);
    expect(hooks.received.filter((p) => p.url.includes('flaky'))).toHaveLength(2);
  });
});
