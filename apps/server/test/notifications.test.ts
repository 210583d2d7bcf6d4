import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../src/http/errors.js';
import { deliverPendingNow, notify } from '../src/modules/notifications/index.js';
import { startTestCrm, type TestCrm, type TestUser } from './helpers/crm.js';
import { startSmtpServer } from './helpers/local-servers.js';
// The SMTP and webhook receivers run on 127.0.0.1, which outbound requests may not reach unless allowed.
process.env.CRM_OUTBOUND_ALLOW = '127.0.0.1';

let t: TestCrm;
let alice: TestUser;
let bob: TestUser;
const db = () => t.crm.handle.db;

beforeAll(async () => {
  t = await startTestCrm();
  alice = await t.createUser({ role: 'sales_rep', name: '李娜' });
  bob = await t.createUser({ role: 'sales_rep', name: '王强' });
});
afterAll(async () => {
  await t?.close();
});

describe('notification centre', () => {
  it('shows a notification to its recipient only', async () => {
    const result = await notify({ userIds: [alice.id], kind: 'record_assigned', title: '客户「青松科技」已分配给您', body: '来自管理员', link: '/o/customers/1' }, db());
    expect(result.created).toHaveLength(1);
    const mine = await alice.client.get('/api/v1/notifications');
    expect(mine.status).toBe(200);
    expect(mine.body.data).toHaveLength(1);
    expect(mine.body.data[0]).toMatchObject({ kind: 'record_assigned', title: '客户「青松科技」已分配给您', body: '来自管理员', link: '/o/customers/1', read_at: null });
    expect(mine.body.unread).toBe(1);
    expect((await bob.client.get('/api/v1/notifications')).body.data).toEqual([]);
    expect((await bob.client.get('/api/v1/notifications/unread-count')).body.count).toBe(0);
    // Bob can neither read nor mark Alice's notification: it does not exist for him.
    const id = mine.body.data[0].id;
    expect((await bob.client.post(`/api/v1/notifications/${id}/read`)).status).toBe(404);
    expect((await alice.client.get('/api/v1/notifications/unread-count')).body.count).toBe(1);
    expect((await t.anon.get('/api/v1/notifications')).status).toBe(401);
  });

  it('lists unread first, pages with a cursor, marks one and all read', async () => {
    const carol = await t.createUser({ role: 'sales_rep' });
    for (let i = 1; i <= 5; i++) await notify({ userIds: [carol.id], kind: 'general', title: `通知 ${i}` }, db());
    const first = await carol.client.get('/api/v1/notifications?limit=5');
    const n2 = first.body.data.find((n: { title: string }) => n.title === '通知 2');
    const read = await carol.client.post(`/api/v1/notifications/${n2.id}/read`);
    expect(read.status).toBe(200);
    expect(read.body.unread).toBe(4);
    expect(read.body.data.read_at).not.toBeNull();

    const page1 = await carol.client.get('/api/v1/notifications?limit=3');
    expect(page1.body.data.map((n: { title: string }) => n.title)).toEqual(['通知 5', '通知 4', '通知 3']);
    const page2 = await carol.client.get(`/api/v1/notifications?limit=3&cursor=${page1.body.nextCursor}`);
    // Unread first (newest first), then the read one.
    expect(page2.body.data.map((n: { title: string }) => n.title)).toEqual(['通知 1', '通知 2']);
    expect(page2.body.nextCursor).toBeNull();
    expect((await carol.client.get('/api/v1/notifications?unread=true')).body.data).toHaveLength(4);
    expect((await carol.client.get('/api/v1/notifications?unread=false')).body.data.map((n: { title: string }) => n.title)).toEqual(['通知 2']);
    // One at a time, across the unread and read parts, nothing skipped or repeated.
    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const res: { body: { data: Array<{ title: string }>; nextCursor: string | null } } = await carol.client.get(`/api/v1/notifications?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...res.body.data.map((n) => n.title));
      cursor = res.body.nextCursor;
    }
    expect(seen).toEqual(['通知 5', '通知 4', '通知 3', '通知 1', '通知 2']);

    const all = await carol.client.post('/api/v1/notifications/read-all');
    expect(all.body).toEqual({ marked: 4, unread: 0 });
    expect((await carol.client.get('/api/v1/notifications/unread-count')).body.count).toBe(0);
    // Alice's unread notification is untouched by Carol's "mark all read".
    expect((await alice.client.get('/api/v1/notifications/unread-count')).body.count).toBe(1);
  });

  it('writes once per recipient and dedupe key', async () => {
    const input = { userIds: [bob.id], kind: 'task_reminder', title: '任务「回访」即将到期', dedupeKey: 'task-1:reminder' };
    const a = await notify(input, db());
    const b = await notify(input, db());
    expect(a.created).toHaveLength(1);
    expect(b).toEqual({ created: [], duplicates: [bob.id], deliveries: 0 });
    const list = await bob.client.get('/api/v1/notifications');
    expect(list.body.data.filter((n: { title: string }) => n.title === '任务「回访」即将到期')).toHaveLength(1);
  });

  it('rolls back with the caller’s transaction', async () => {
    await expect(
      db().transaction().execute(async (trx) => {
        await notify({ userIds: [bob.id], kind: 'general', title: '不应出现' }, trx);
        throw new Error('caller failed');
      }),
    ).rejects.toThrow('caller failed');
    const list = await bob.client.get('/api/v1/notifications');
    expect(list.body.data.map((n: { title: string }) => n.title)).not.toContain('不应出现');
  });

  it('refuses bad input naming the field', async () => {
    const bad = async (input: unknown) => {
      try {
        await notify(input as never, db());
      } catch (error) {
        expect(error).toBeInstanceOf(ApiError);
        return (error as ApiError).details[0]?.path;
      }
      throw new Error('accepted bad input');
    };
    expect(await bad({ userIds: [], kind: 'general', title: 'x' })).toBe('userIds');
    expect(await bad({ userIds: [bob.id], kind: 'no_such_kind', title: 'x' })).toBe('kind');
    expect(await bad({ userIds: [bob.id], kind: 'general', title: '' })).toBe('title');
    expect(await bad({ userIds: [bob.id], kind: 'general', title: 'x', link: 'javascript:alert(1)' })).toBe('link');
    expect(await bad({ userIds: ['00000000-0000-4000-8000-000000000000'], kind: 'general', title: 'x' })).toBe('userIds');
    expect((await bob.client.get('/api/v1/notifications?limit=1000')).body.error.details[0].path).toBe('limit');
    expect((await bob.client.get('/api/v1/notifications?cursor=nonsense')).body.error.details[0].path).toBe('cursor');
  });
});

describe('preferences', () => {
  it('starts from the defaults and saves a user’s switches', async () => {
    const dave = await t.createUser({ role: 'sales_rep' });
    const before = await dave.client.get('/api/v1/notifications/preferences');
    expect(before.body.data.kinds).toContainEqual({ kind: 'task_reminder', inApp: true, email: true, robot: false });
    expect(before.body.data.robot).toBeNull();
    const saved = await dave.client.request('PUT', '/api/v1/notifications/preferences', { kinds: [{ kind: 'general', inApp: false, email: true, robot: false }] });
    expect(saved.status).toBe(200);
    expect(saved.body.data.kinds).toContainEqual({ kind: 'general', inApp: false, email: true, robot: false });
    // Other users keep the defaults.
    expect((await bob.client.get('/api/v1/notifications/preferences')).body.data.kinds).toContainEqual({ kind: 'general', inApp: true, email: false, robot: false });

    // In-app off: nothing in the centre, but the e-mail is queued.
    const result = await notify({ userIds: [dave.id, bob.id], kind: 'general', title: '仅邮件' }, db());
    expect(result.deliveries).toBe(1);
    expect((await dave.client.get('/api/v1/notifications')).body.data).toEqual([]);
    expect((await dave.client.get('/api/v1/notifications/unread-count')).body.count).toBe(0);
    const deliveries = await db().selectFrom('notification_deliveries').select(['channel', 'user_id', 'status']).where('notification_id', 'in', result.created.map((c) => c.id)).execute();
    expect(deliveries).toEqual([{ channel: 'email', user_id: dave.id, status: 'pending' }]);
    expect((await bob.client.get('/api/v1/notifications')).body.data.map((n: { title: string }) => n.title)).toContain('仅邮件');
  });

  it('sends nothing at all when every channel is off', async () => {
    const erin = await t.createUser({ role: 'sales_rep' });
    await erin.client.request('PUT', '/api/v1/notifications/preferences', { kinds: [{ kind: 'no_follow_up', inApp: false, email: false, robot: true }] });
    // robot on but no robot configured: nothing to do.
    const result = await notify({ userIds: [erin.id], kind: 'no_follow_up', title: '商机 14 天未跟进' }, db());
    expect(result).toEqual({ created: [], duplicates: [], deliveries: 0 });
  });

  it('validates preferences and robots, naming the field', async () => {
    const put = (body: unknown) => bob.client.request('PUT', '/api/v1/notifications/preferences', body);
    expect((await put({ kinds: [{ kind: 'nope', inApp: true, email: true, robot: true }] })).body.error.details[0].path).toBe('kinds.0.kind');
    expect((await put({ kinds: [{ kind: 'general', inApp: 'yes', email: true, robot: true }] })).body.error.details[0].path).toBe('kinds.0.inApp');
    expect((await put({ robot: { provider: 'slack', webhookUrl: 'https://x.test' } })).body.error.details[0].path).toBe('robot.provider');
    // A user may only point their robot at WeCom / DingTalk themselves.
    const internal = await put({ robot: { provider: 'wecom', webhookUrl: 'http://10.0.0.1/hook' } });
    expect(internal.status).toBe(400);
    expect(internal.body.error.details[0].path).toBe('robot.webhookUrl');
    const ok = await put({ robot: { provider: 'dingtalk', webhookUrl: 'https://oapi.dingtalk.com/robot/send?access_token=abc', secret: 'SECxyz' } });
    expect(ok.body.data.robot).toEqual({ provider: 'dingtalk', webhookUrl: 'https://oapi.dingtalk.com/robot/send?access_token=abc', hasSecret: true });
    expect(JSON.stringify(ok.body)).not.toContain('SECxyz');
    expect((await put({ robot: null })).body.data.robot).toBeNull();
  });

  it('lets administrators set a user’s robot, and nobody else', async () => {
    const url = `/api/v1/notifications/preferences/${bob.id}`;
    expect((await alice.client.request('PUT', url, { robot: null })).status).toBe(403);
    expect((await alice.client.get(url)).status).toBe(403);
    const res = await t.admin.client.request('PUT', url, { robot: { provider: 'wecom', webhookUrl: 'http://127.0.0.1:9/relay' } });
    expect(res.status).toBe(200);
    expect((await bob.client.get('/api/v1/notifications/preferences')).body.data.robot).toMatchObject({ provider: 'wecom', webhookUrl: 'http://127.0.0.1:9/relay' });
  });
});

describe('e-mail administration', () => {
  const settings = { host: 'smtp.example.com', port: 465, security: 'tls', username: 'crm@example.com', password: 'app-pass-123', fromName: '青松 CRM', fromAddress: 'crm@example.com', appUrl: 'https://crm.example.com' };

  it('is for administrators only', async () => {
    for (const [method, url] of [['GET', '/api/v1/email/settings'], ['PUT', '/api/v1/email/settings'], ['POST', '/api/v1/email/settings/test'], ['GET', '/api/v1/email/templates'], ['POST', '/api/v1/email/templates'], ['PATCH', '/api/v1/email/templates/general'], ['DELETE', '/api/v1/email/templates/general'], ['POST', '/api/v1/email/templates/preview']]) {
      const res = await alice.client.request(method, url, method === 'GET' || method === 'DELETE' ? undefined : {});
      expect(res.status, `${method} ${url}`).toBe(403);
    }
  });

  it('saves SMTP settings and never returns the password', async () => {
    expect((await t.admin.client.get('/api/v1/email/settings')).body.data).toBeNull();
    const saved = await t.admin.client.request('PUT', '/api/v1/email/settings', settings);
    expect(saved.status).toBe(200);
    expect(saved.body.data).toMatchObject({ host: 'smtp.example.com', hasPassword: true });
    expect(saved.text).not.toContain('app-pass-123');
    // Saving without a password keeps it; null removes it.
    const { password: _p, ...withoutPassword } = settings;
    expect((await t.admin.client.request('PUT', '/api/v1/email/settings', { ...withoutPassword, port: 587, security: 'starttls' })).body.data).toMatchObject({ port: 587, hasPassword: true });
    const row = await db().selectFrom('smtp_settings').select('password').executeTakeFirstOrThrow();
    expect(row.password).toBe('app-pass-123');
    expect((await t.admin.client.get('/api/v1/email/settings')).text).not.toContain('app-pass-123');
  });

  it('refuses bad settings naming the field, leaving the saved ones', async () => {
    const put = (body: unknown) => t.admin.client.request('PUT', '/api/v1/email/settings', body);
    expect((await put({ ...settings, port: '25x' })).body.error.details[0].path).toBe('port');
    expect((await put({ ...settings, fromAddress: 'not-an-address' })).body.error.details[0].path).toBe('fromAddress');
    expect((await put({ ...settings, security: 'ssl' })).body.error.details[0].path).toBe('security');
    expect((await put({ ...settings, host: '' })).status).toBe(400);
    expect((await t.admin.client.post('/api/v1/email/settings/test', { to: 'nope' })).body.error.details[0].path).toBe('to');
    expect((await t.admin.client.get('/api/v1/email/settings')).body.data.host).toBe('smtp.example.com');
  });

  it('ships default templates in Chinese and English and manages custom ones', async () => {
    const list = await t.admin.client.get('/api/v1/email/templates');
    expect(list.body.data.map((x: { key: string }) => x.key)).toEqual(expect.arrayContaining(['task_reminder', 'record_assigned', 'no_follow_up', 'general']));
    const reminder = list.body.data.find((x: { key: string }) => x.key === 'task_reminder');
    expect(reminder.subject_zh).toContain('任务提醒');
    expect(reminder.subject_en).toContain('Task reminder');

    const created = await t.admin.client.post('/api/v1/email/templates', { key: 'renewal', name: '续约提醒', subjectZh: '{{record.name}} 续约', bodyZh: '{{user.name}}，请跟进 {{record.name}} 的续约。{{link}}', subjectEn: 'Renew {{record.name}}', bodyEn: 'Hi {{user.name}}, renew {{record.name}}. {{link}}' });
    expect(created.status).toBe(201);
    expect((await t.admin.client.post('/api/v1/email/templates', { ...created.body.data, key: 'renewal' })).status).toBe(400);
    expect((await t.admin.client.post('/api/v1/email/templates', { key: 'Bad Key', name: 'x', subjectZh: 'x', bodyZh: 'x', subjectEn: 'x', bodyEn: 'x' })).body.error.details[0].path).toBe('key');
    const dup = await t.admin.client.post('/api/v1/email/templates', { key: 'renewal', name: 'x', subjectZh: 'x', bodyZh: 'x', subjectEn: 'x', bodyEn: 'x' });
    expect(dup.status).toBe(409);
    const patched = await t.admin.client.patch('/api/v1/email/templates/renewal', { subjectZh: '续约：{{record.name}}' });
    expect(patched.body.data.subject_zh).toBe('续约：{{record.name}}');
    expect((await t.admin.client.patch('/api/v1/email/templates/renewal', { bodyEn: '' })).body.error.details[0].path).toBe('bodyEn');

    const preview = await t.admin.client.post('/api/v1/email/templates/preview', { subject: '续约：{{record.name}}', body: '{{user.name}}，您好 {{ link }} {{missing.value}}!' });
    expect(preview.body.data.subject).toBe('续约：北京青松科技有限公司');
    expect(preview.body.data.text).toBe('张伟，您好 https://crm.example.com/o/customers/123 !');

    expect((await t.admin.client.delete('/api/v1/email/templates/general')).status).toBe(400);
    expect((await t.admin.client.delete('/api/v1/email/templates/renewal')).status).toBe(204);
    expect((await t.admin.client.get('/api/v1/email/templates/renewal')).status).toBe(404);
  });

  it('lets administrators send a notification over the API, and nobody else', async () => {
    const denied = await alice.client.post('/api/v1/notifications', { userIds: [bob.id], kind: 'general', title: '冒充的通知' });
    expect(denied.status).toBe(403);
    const bad = await t.admin.client.post('/api/v1/notifications', { userIds: [bob.id], kind: 'general' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('title');
    const sent = await t.admin.client.post('/api/v1/notifications', { userIds: [bob.id], kind: 'general', title: '系统维护通知', body: '今晚 22:00 维护' });
    expect(sent.status).toBe(201);
    expect(sent.body.data.created).toHaveLength(1);
    expect((await bob.client.get('/api/v1/notifications')).body.data[0]).toMatchObject({ title: '系统维护通知', body: '今晚 22:00 维护' });
  });

  it('lists the routes in the OpenAPI document', async () => {
    const doc = await t.admin.client.get('/api/openapi.json');
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/v1/notifications', '/api/v1/notifications/stream', '/api/v1/email/settings', '/api/v1/email/templates/{key}']));
  });
});

describe('without background jobs', () => {
  it('deliverPendingNow sends queued e-mail in-process, once', async () => {
    const smtp = await startSmtpServer();
    try {
      // Earlier tests' deliveries went to an SMTP host that does not exist: they fail, visibly.
      const earlier = await deliverPendingNow(db());
      expect(earlier.sent).toBe(0);
      expect(earlier.errors.length).toBeGreaterThan(0);
      expect((await alice.client.get('/api/v1/notifications/deliveries')).status).toBe(403);
      const failed = await t.admin.client.get('/api/v1/notifications/deliveries?status=failed');
      expect(failed.body.data.length).toBe(earlier.errors.length);
      expect(failed.body.data[0]).toMatchObject({ channel: 'email', status: 'failed', attempts: 1 });
      expect(failed.body.data[0].last_error).toBeTruthy();
      await t.admin.client.request('PUT', '/api/v1/email/settings', { host: '127.0.0.1', port: smtp.port, security: 'none', username: null, password: null, fromName: 'CRM', fromAddress: 'crm@crm.test', appUrl: null });
      const frank = await t.createUser({ role: 'sales_rep', name: '赵敏', email: 'zhao.min@crm.test' });
      await notify({ userIds: [frank.id], kind: 'no_follow_up', title: '客户「远航贸易」14 天未跟进', vars: { record: { name: '远航贸易' } } }, db());
      expect(smtp.received).toHaveLength(0);
      const result = await deliverPendingNow(db());
      expect(result).toEqual({ sent: 1, errors: [] });
      expect(smtp.received.map((m) => [m.envelope.to, m.mail.subject])).toEqual([[['zhao.min@crm.test'], '跟进提醒：远航贸易 已长时间未跟进']]);
      expect(smtp.received[0].mail.text).toContain('客户「远航贸易」14 天未跟进');
      expect(await deliverPendingNow(db())).toEqual({ sent: 0, errors: [] });

      // An administrator sends a failed one again, now that SMTP works.
      const retried = failed.body.data[0];
      expect((await t.admin.client.post(`/api/v1/notifications/deliveries/${retried.id}/retry`)).status).toBe(200);
      expect((await t.admin.client.post(`/api/v1/notifications/deliveries/${retried.id}/retry`)).body.error.details[0]).toMatchObject({ path: 'id', message: 'is pending' });
      expect(await deliverPendingNow(db())).toEqual({ sent: 1, errors: [] });
      expect(smtp.received.map((m) => m.envelope.to[0])).toContain(retried.recipient);
      const sent = await t.admin.client.get('/api/v1/notifications/deliveries?status=sent');
      expect(sent.body.data.map((d: { id: string }) => d.id)).toContain(retried.id);
    } finally {
      await smtp.close();
    }
  });
});
