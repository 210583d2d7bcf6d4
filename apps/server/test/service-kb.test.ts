import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCrm, type TestCrm } from './helpers/crm.js';

let t: TestCrm;
beforeAll(async () => {
  process.env.CRM_KB_VOTE_RATE_LIMIT = '6';
  t = await startTestCrm();
}, 120_000);
afterAll(() => t?.close());

const article = (values: Record<string, unknown>) => t.admin.client.create('kb_articles', { visibility: 'public', status: 'published', ...values });
const form = (helpful: 'yes' | 'no', headers: Record<string, string> = {}) => ({ 'content-type': 'application/x-www-form-urlencoded', ...headers, body: `helpful=${helpful}` });
async function vote(slug: string, helpful: 'yes' | 'no', headers: Record<string, string> = {}) {
  const { body, ...h } = form(helpful, headers);
  return t.app.inject({ method: 'POST', url: `/help/articles/${slug}/vote`, headers: h, payload: body });
}

describe('articles', () => {
  it('generate a unique pinyin slug from the title, refuse a bad one naming the field, and keep counters out of clients', async () => {
    const a = await article({ title: '如何重置密码', body: '在登录页点击忘记密码。' });
    expect(a.slug).toBe('ru-he-zhong-zhi-mi-ma');
    const b = await article({ title: '如何重置密码', body: '另一篇' });
    expect(b.slug).toBe('ru-he-zhong-zhi-mi-ma-2');
    const bad = await t.admin.client.post('/api/v1/kb_articles', { title: '坏链接', slug: 'Not A Slug!' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('slug');
    const forged = await t.admin.client.post('/api/v1/kb_articles', { title: '刷量', views: 1000 });
    expect(forged.status).toBe(400);
    expect(forged.body.error.details[0].path).toBe('views');
    expect((await t.admin.client.list('kb_articles', { q: '重置' })).body.data.map((r: { id: string }) => r.id)).toEqual(expect.arrayContaining([a.id, b.id]));
  });

  it('store a version on every title/body save, with who; a restore brings the old text back as a new version', async () => {
    const a = await article({ title: '发票开具说明', body: '第一版正文' });
    await t.admin.client.patch(`/api/v1/kb_articles/${a.id}`, { body: '第二版正文', version: a.version });
    const current = (await t.admin.client.get(`/api/v1/kb_articles/${a.id}`)).body.data;
    await t.admin.client.patch(`/api/v1/kb_articles/${a.id}`, { category: 'account_billing', version: current.version });
    const versions = (await t.admin.client.get(`/api/v1/kb_articles/${a.id}/versions`)).body.data;
    expect(versions).toHaveLength(2); // the category change is no new version
    expect(versions[0].createdBy.id).toBe(t.admin.id);
    const first = (await t.admin.client.get(`/api/v1/kb_articles/${a.id}/versions/${versions[1].id}`)).body.data;
    expect(first.body).toBe('第一版正文');
    const restored = await t.admin.client.post(`/api/v1/kb_articles/${a.id}/versions/${versions[1].id}/restore`);
    expect(restored.status).toBe(200);
    expect(restored.body.data.body).toBe('第一版正文');
    expect((await t.admin.client.get(`/api/v1/kb_articles/${a.id}/versions`)).body.data).toHaveLength(3);
    const audit = await t.crm.handle.db.selectFrom('audit_log').select('action').where('record_id', '=', a.id).execute();
    expect(audit.length).toBeGreaterThanOrEqual(4);
  });

  it('hide versions of an article from a user who may not read it', async () => {
    const a = await article({ title: '内部流程', visibility: 'internal' });
    const marketer = await t.createUser({ role: 'marketer' });
    expect((await marketer.client.get(`/api/v1/kb_articles/${a.id}/versions`)).status).toBe(403);
  });
});

describe('public help centre and search API', () => {
  it('never show internal or draft articles, on /help, its search, the sitemap or the public API', async () => {
    const pub = await article({ title: '物流查询方法', body: '在订单页查看物流单号。', category: 'getting_started' });
    await article({ title: '物流内部赔付标准', body: '内部机密：物流赔付上限', visibility: 'internal' });
    await article({ title: '物流草稿文章', body: '尚未发布的物流说明', status: 'draft' });
    const api = await t.anon.get('/api/public/kb/search?q=物流&lang=zh');
    expect(api.status).toBe(200);
    expect(api.body.items.map((i: { id: string }) => i.id)).toEqual([pub.id]);
    expect(api.body.items[0]).toMatchObject({ slug: pub.slug, title: '物流查询方法', url: `/help/articles/${pub.slug}` });
    for (const url of ['/help?lang=zh', '/help?lang=zh&q=物流', '/help/sitemap.xml']) {
      const res = await t.anon.get(encodeURI(url));
      expect(res.status).toBe(200);
      expect(res.text).not.toMatch(/内部赔付|草稿文章|nei-bu|cao-gao/);
    }
    expect((await t.anon.get(encodeURI('/help?lang=zh&q=物流'))).text).toContain('物流查询方法');
    const internalSlug = (await t.admin.client.list('kb_articles', { q: '赔付' })).body.data[0].slug;
    expect((await t.anon.get(`/help/articles/${internalSlug}`)).status).toBe(404);
  });

  it('find 2-character Chinese words and pinyin; refuse junk parameters with 400 naming the field', async () => {
    const a = await article({ title: '打印机连接失败排查', body: '检查网络与驱动。', tags: ['硬件'] });
    const ids = async (q: string) => (await t.anon.get(`/api/public/kb/search?q=${encodeURIComponent(q)}`)).body.items.map((i: { id: string }) => i.id);
    expect(await ids('打印')).toContain(a.id);
    expect(await ids('驱动')).toContain(a.id);
    expect(await ids('dayinji')).toContain(a.id);
    expect(await ids('dyj')).toContain(a.id);
    expect(await ids('打印 冰箱')).not.toContain(a.id);
    for (const [query, field] of [['q=', 'q'], ['q=x&limit=500', 'limit'], ['q=x&lang=fr', 'lang'], ['q=x&secret=1', '']]) {
      const res = await t.anon.get(`/api/public/kb/search?${query}`);
      expect(res.status).toBe(400);
      if (field) expect(res.body.error.details[0].path).toBe(field);
    }
  });

  it('render an indexable, sanitised article page and count views', async () => {
    const a = await article({ title: '安全的文章', body: '正文 <script>alert(1)</script> [链接](javascript:alert(2)) **加粗**' });
    const page = await t.anon.get(`/help/articles/${a.slug}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<title>安全的文章 - 帮助中心</title>');
    expect(page.text).toContain('<meta name="description" content="正文');
    expect(page.text).toContain('<strong>加粗</strong>');
    expect(page.text).not.toMatch(/<script|href="javascript/i);
    await t.anon.get(`/help/articles/${a.slug}`);
    expect((await t.admin.client.get(`/api/v1/kb_articles/${a.id}`)).body.data.views).toBe(2);
    const en = await t.anon.get('/help', { 'accept-language': 'en-US,en;q=0.9,zh;q=0.8' });
    expect(en.text).toContain('<html lang="en">');
  });

  it('count a vote once per visitor cookie and rate-limit an address', async () => {
    const a = await article({ title: '投票文章', body: '有用吗' });
    const first = await vote(a.slug, 'yes', { 'x-forwarded-for': '1.1.1.1' });
    expect(first.statusCode).toBe(303);
    const cookie = String(first.headers['set-cookie']).split(';')[0];
    expect(cookie).toMatch(/^crm_help_visitor=/);
    const again = await vote(a.slug, 'yes', { cookie });
    expect(again.headers.location).toContain('voted=again');
    await vote(a.slug, 'no'); // another visitor (no cookie)
    const after = (await t.admin.client.get(`/api/v1/kb_articles/${a.id}`)).body.data;
    expect([after.helpful_count, after.not_helpful_count]).toEqual([1, 1]);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await vote(a.slug, 'no')).statusCode);
    expect(statuses).toContain(429);
  });
});

describe('suggestions for agents', () => {
  it("rank the article matching the ticket's subject and description first, internal ones included, drafts not", async () => {
    const target = await article({ title: '退货退款流程', body: '商品签收后七天内可以申请退货，退款三个工作日到账。', visibility: 'internal' });
    await article({ title: '商品发货时间', body: '下单后两天内发货。' });
    await article({ title: '退货草稿', body: '退货退款 草稿', status: 'draft' });
    const ticket = await t.admin.client.create('tickets', { subject: '申请退货', description: '收到的商品有破损，想退货退款，多久到账？' });
    const res = await t.admin.client.get(`/api/v1/kb/suggest?ticket=${ticket.id}`);
    expect(res.status).toBe(200);
    expect(res.body.data[0].id).toBe(target.id);
    expect(res.body.data[0].url).toBeNull(); // internal: text only, no public link
    expect(res.body.data.map((d: { title: string }) => d.title)).not.toContain('退货草稿');
    expect((await t.admin.client.get('/api/v1/kb/suggest')).status).toBe(400);
    expect((await t.anon.get(`/api/v1/kb/suggest?q=退货`)).status).toBe(401);
  });
});
