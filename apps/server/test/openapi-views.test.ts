import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCrm, type TestCrm, type TestUser } from './helpers/crm.js';

type Rec = Record<string, any>;
let t: TestCrm;
let alice: TestUser, bob: TestUser;

beforeAll(async () => {
  t = await startTestCrm();
  alice = await t.createUser({ role: 'sales_rep' });
  bob = await t.createUser({ role: 'sales_rep' });
});
afterAll(async () => {
  await t?.close();
});

describe('OpenAPI', () => {
  it('publishes an OpenAPI 3.1 document with every object route', async () => {
    const res = await t.anon.get('/api/openapi.json');
    expect(res.status).toBe(200);
    const doc = res.body;
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/customers', '/api/v1/customers/{id}', '/api/v1/customers/bulk', '/api/v1/deals', '/api/v1/search', '/api/v1/views']));
    expect(doc.paths['/api/v1/customers'].post.requestBody).toBeDefined();
    expect(doc.components.schemas.customers.properties.name).toBeDefined();
    expect(doc.components.schemas.customers.properties.annual_revenue).toBeDefined();
  });

  it('includes a custom field as soon as it is added', async () => {
    const added = await t.admin.client.post('/api/v1/meta/objects/customers/fields', { name: 'wechat_group', label: { zh: '微信群', en: 'WeChat group' }, type: 'text' });
    expect(added.status).toBe(201);
    const doc = (await t.anon.get('/api/openapi.json')).body;
    expect(doc.components.schemas.customers.properties.cf_wechat_group).toMatchObject({ description: '微信群 / WeChat group' });
    expect(JSON.stringify(doc.paths['/api/v1/customers'].post.requestBody)).toContain('cf_wechat_group');
  });

  it('serves browsable docs at /api/docs to signed-in users only', async () => {
    expect((await t.anon.get('/api/docs')).status).toBe(401);
    expect((await t.anon.get('/api/docs/json')).status).toBe(401);
    const res = await alice.client.get('/api/docs');
    const page = res.status === 302 ? await alice.client.get(String(res.headers.location).replace(/^\.?\/?(?!api)/, '/api/docs/')) : res;
    expect(page.status).toBe(200);
    expect(String(page.headers['content-type'])).toContain('text/html');
    expect(page.text.toLowerCase()).toContain('swagger');
    // The page's document is the live one (the plugin itself only holds a placeholder).
    const doc = await alice.client.get('/api/docs/json');
    expect(doc.status).toBe(200);
    expect(doc.body.paths['/api/v1/customers'].post.requestBody).toBeDefined();
  });
});

describe('saved views', () => {
  it('saves, lists and deletes my own views', async () => {
    const config = { filter: { field: 'status', op: 'eq', value: 'vip' }, sort: '-created_at', columns: ['name', 'status'] };
    const created = await alice.client.post('/api/v1/views', { object: 'customers', name: '我的重要客户', config });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ object: 'customers', name: '我的重要客户', config });
    await alice.client.post('/api/v1/views', { object: 'deals', name: '本月商机', config: {} });

    const mine = await alice.client.get('/api/v1/views?object=customers');
    expect(mine.status).toBe(200);
    expect(mine.body.data).toEqual([{ id: created.body.data.id, object: 'customers', name: '我的重要客户', config }]);
    expect((await alice.client.get('/api/v1/views')).body.data).toHaveLength(2);

    expect((await alice.client.delete(`/api/v1/views/${created.body.data.id}`)).status).toBe(204);
    expect((await alice.client.get('/api/v1/views?object=customers')).body.data).toEqual([]);
    expect((await alice.client.delete(`/api/v1/views/${created.body.data.id}`)).status).toBe(404);
  });

  it("never shows or deletes another user's views", async () => {
    const view = (await alice.client.post('/api/v1/views', { object: 'contacts', name: '爱丽丝的视图', config: {} })).body.data;
    expect((await bob.client.get('/api/v1/views?object=contacts')).body.data).toEqual([]);
    expect((await bob.client.delete(`/api/v1/views/${view.id}`)).status).toBe(404);
    expect((await alice.client.get('/api/v1/views?object=contacts')).body.data.map((v: Rec) => v.id)).toEqual([view.id]);
  });

  it('validates input and requires a login', async () => {
    const bad = async (body: unknown, path: string) => {
      const res = await alice.client.post('/api/v1/views', body);
      expect(res.status, res.text).toBe(400);
      expect(res.body.error.details[0].path).toBe(path);
    };
    await bad({ object: 'customers', name: '', config: {} }, 'name');
    await bad({ object: 'nothing', name: 'x', config: {} }, 'object');
    await bad({ object: 'customers', name: 'x', config: [1] }, 'config');
    await bad({ object: 'customers', name: 'x' }, 'config');
    expect((await alice.client.delete('/api/v1/views/not-an-id')).status).toBe(404);
    expect((await t.anon.get('/api/v1/views?object=customers')).status).toBe(401);
    expect((await t.anon.post('/api/v1/views', { object: 'customers', name: 'x', config: {} })).status).toBe(401);
  });
});
