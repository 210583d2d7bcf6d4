import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCrm, type TestCrm } from './helpers/crm.js';
import { importFixture, rejectsOf, runImport, uploadImport, waitForImport } from './helpers/imports.js';

/*
 * Issue 11: a Salesforce export (Account 001…, Opportunity 006…, owners 005…) imports with its ids
 * as external ids: owner and relation cells resolve by external id, name or e-mail, re-running the
 * export updates, rows naming rows further down the file are linked in a second pass, and the
 * placeholders "create missing relations" makes are counted, listed and undone.
 */

type Rec = Record<string, any>;
let t: TestCrm;
let alice: string, bob: string;

const accounts = importFixture('salesforce-accounts-extid.csv');
const opportunities = importFixture('salesforce-opportunities-extid.csv');
const byExternalId = async (object: string, externalId: string) =>
  (await t.admin.client.list(object, { filter: { field: 'external_id', op: 'eq', value: externalId } })).body.data as Rec[];
const count = async (object: string) => (await t.admin.client.list(object, { count: true })).body.total as number;

beforeAll(async () => {
  t = await startTestCrm({ jobs: true });
  alice = (await t.createUser({ role: 'sales_rep', name: 'Alice Zhang', email: 'alice.sales@extid.test' })).id;
  bob = (await t.createUser({ role: 'sales_rep', name: 'Bob Li', email: 'bob.sales@extid.test' })).id;
  // Alice's Salesforce user id; Bob is found by his e-mail.
  const set = await t.admin.client.patch(`/api/v1/users/${alice}`, { externalId: '0055g00000Kq1AAAAZ' });
  expect(set.status, set.text).toBe(200);
  expect(set.body.data.external_id).toBe('0055g00000Kq1AAAAZ');
  const parent = await t.admin.client.post('/api/v1/meta/objects/customers/fields', {
    name: 'parent', label: { zh: '上级公司', en: 'Parent company' }, type: 'relation', relation: { object: 'customers', reverseName: 'subsidiaries', reverseLabel: { zh: '下级公司', en: 'Subsidiaries' } },
  });
  expect(parent.status, parent.text).toBe(201);
});
afterAll(async () => {
  await t?.close();
});

describe('external_id on every object', () => {
  it('is unique per object when set: a second record with the same id is a 409 naming external_id', async () => {
    const meta = (await t.admin.client.get('/api/v1/meta/objects/products')).body.data;
    expect(meta.fields.find((f: Rec) => f.name === 'external_id')).toMatchObject({ type: 'text', unique: true, system: false });
    const first = await t.admin.client.post('/api/v1/products', { name: '螺丝', external_id: 'ERP-0001' });
    expect(first.status, first.text).toBe(201);
    const second = await t.admin.client.post('/api/v1/products', { name: '螺母', external_id: 'ERP-0001' });
    expect(second.status).toBe(409);
    expect(second.body.error.details[0].path).toBe('external_id');
    // Unset is not a value: any number of records have none.
    expect((await t.admin.client.post('/api/v1/products', { name: '垫片' })).status).toBe(201);
    expect((await t.admin.client.post('/api/v1/products', { name: '弹簧' })).status).toBe(201);
    // The same id on another object is fine.
    expect((await t.admin.client.post('/api/v1/customers', { name: 'ERP 客户', external_id: 'ERP-0001' })).status).toBe(201);
    // Found by its exact value in search and in filters.
    const search = await t.admin.client.list('products', { q: 'ERP-0001' });
    expect(search.body.data.map((r: Rec) => r.name)).toEqual(['螺丝']);
    expect((await byExternalId('products', 'ERP-0001')).map((r) => r.name)).toEqual(['螺丝']);
  });

  it('a user external id taken by another user is a 409 naming it', async () => {
    const res = await t.admin.client.patch(`/api/v1/users/${bob}`, { externalId: '0055g00000Kq1AAAAZ' });
    expect(res.status).toBe(409);
    expect(res.body.error.details[0].path).toBe('external_id');
  });
});

describe('a Salesforce Account export', () => {
  const mapping = { external_id: 0, name: 1, cf_parent: 2, owner_id: 3, phone: 4 };

  it('maps Id to external_id and dedupes on it, updating, by default', async () => {
    const up = await uploadImport(t.app, t.admin.client, 'customers', accounts, 'Account.csv');
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect(up.body.data.mapping).toMatchObject({ external_id: 0, name: 1, owner_id: 3, phone: 4 });
    expect(up.body.data.options.dedupe).toEqual({ policy: 'update', keys: ['external_id', 'phone'] });
  });

  it('resolves owners by external id or e-mail and parents by a later or earlier row of the same file, without empty copies', async () => {
    const up = await uploadImport(t.app, t.admin.client, 'customers', accounts, 'Account.csv');
    const id = up.body.data.id;
    expect((await t.admin.client.patch(`/api/v1/imports/${id}`, { mapping })).status).toBe(200);
    expect((await t.admin.client.post(`/api/v1/imports/${id}/validate`)).status).toBe(202);
    const validated = await waitForImport(t.admin.client, id, ['validated']);
    expect(validated.rejected).toBe(0);
    // What the wizard shows before the run: per column, how cells matched.
    expect(validated.links).toHaveLength(2);
    expect(validated.links).toEqual(expect.arrayContaining([
      { field: 'owner_id', matched: { external_id: 3, email: 1 }, inFile: 0, ambiguous: 0, unresolved: 0, unresolvedValues: [] },
      { field: 'cf_parent', matched: {}, inFile: 2, ambiguous: 0, unresolved: 0, unresolvedValues: [] },
    ]));
    const before = await count('customers');
    expect((await t.admin.client.post(`/api/v1/imports/${id}/run`)).status).toBe(202);
    const done = await waitForImport(t.admin.client, id, ['done']);
    expect(done).toMatchObject({ created: 4, updated: 0, rejected: 0, placeholders: 0 });
    expect(await count('customers')).toBe(before + 4);
    const [globex] = await byExternalId('customers', '0015g00000XyZaBAAV');
    const [initech] = await byExternalId('customers', '0015g00000XyZaCAAV');
    const [umbrella] = await byExternalId('customers', '0015g00000XyZaDAAV');
    const [acme] = await byExternalId('customers', '0015g00000XyZaEAAV');
    expect(globex).toMatchObject({ name: 'Globex Corporation', owner_id: alice, cf_parent: umbrella.id });
    expect(initech).toMatchObject({ owner_id: alice, cf_parent: globex.id });
    expect(umbrella.cf_parent).toBeNull();
    expect(acme).toMatchObject({ owner_id: bob });
  });

  it('running the same export again updates the records instead of duplicating them', async () => {
    const before = await count('customers');
    const changed = accounts.toString().replace('010-12345678', '010-87654321');
    const again = await runImport(t.admin.client, t.app, 'customers', changed, 'Account.csv', { mapping });
    expect(again).toMatchObject({ created: 0, updated: 1, skipped: 3, rejected: 0 });
    expect(await count('customers')).toBe(before);
    const [globex] = await byExternalId('customers', '0015g00000XyZaBAAV');
    expect(globex.phone).toBe('010-87654321');
  });
});

describe('a Salesforce Opportunity export', () => {
  const mapping = { external_id: 0, customer_id: 1, name: 2, stage: 3, expected_close_date: 4, amount: 5, owner_id: 6 };

  beforeAll(async () => {
    // Two customers share a name: a cell naming it is ambiguous.
    await t.admin.client.create('customers', { name: 'Twin Co' });
    await t.admin.client.create('customers', { name: 'Twin Co' });
  });

  it('rejects unknown and ambiguous accounts and owners, naming the cell and how many records share the name', async () => {
    const done = await runImport(t.admin.client, t.app, 'deals', opportunities, 'Opportunity.csv', { mapping });
    expect(done).toMatchObject({ created: 1, rejected: 3, placeholders: 0 });
    const rejects = await rejectsOf(t.admin.client, done.id);
    expect(rejects.map(([row]) => row)).toEqual([3, 4, 5]);
    expect(rejects[0][1]).toContain('0055g00000Kq1BAAAZ'); // no such user
    expect(rejects[1][1]).toContain('0015g00000ZzZzZAAV'); // no such account
    expect(rejects[2][1]).toMatch(/2 .*Twin Co|Twin Co.*2|有 2 条/);
    const [renewal] = await byExternalId('deals', '0065g00000AbCdEAAV');
    const [globex] = await byExternalId('customers', '0015g00000XyZaBAAV');
    expect(renewal).toMatchObject({ customer_id: globex.id, owner_id: alice });
  });

  it('counts and lists the placeholders "create missing relations" makes, and undo removes them', async () => {
    const before = await count('customers');
    const done = await runImport(t.admin.client, t.app, 'deals', opportunities, 'Opportunity.csv', { mapping, options: { dedupe: { policy: 'update', keys: ['external_id'] }, createMissingRelations: true } });
    // The ambiguous name is still rejected (a placeholder would be a third Twin Co); the unknown account becomes one placeholder.
    expect(done).toMatchObject({ created: 1, updated: 0, placeholders: 1 });
    expect(await count('customers')).toBe(before + 1);
    const listed = await t.admin.client.get(`/api/v1/imports/${done.id}/placeholders`);
    expect(listed.body.data).toEqual([{ object: 'customers', id: expect.any(String), name: '0015g00000ZzZzZAAV' }]);
    expect((await t.admin.client.post(`/api/v1/imports/${done.id}/undo`)).status).toBe(202);
    const undone = await waitForImport(t.admin.client, done.id, ['undone']);
    expect(undone.placeholders).toBe(1);
    expect(await count('customers')).toBe(before);
    expect((await t.admin.client.get(`/api/v1/customers/${listed.body.data[0].id}`)).status).toBe(404);
    expect((await t.admin.client.get(`/api/v1/imports/${done.id}/placeholders`)).body.data).toEqual([]);
  });
  it('a placeholder made for an account id carries it as its external id: the accounts file then fills it in, and a re-run makes no second one', async () => {
    const options = { dedupe: { policy: 'update', keys: ['external_id'] }, createMissingRelations: true };
    const before = await count('customers');
    const first = await runImport(t.admin.client, t.app, 'deals', opportunities, 'Opportunity.csv', { mapping, options });
    expect(first).toMatchObject({ placeholders: 1 });
    const [placeholder] = await byExternalId('customers', '0015g00000ZzZzZAAV');
    expect(placeholder).toMatchObject({ name: '0015g00000ZzZzZAAV' });
    // The account export arrives later: its row updates the placeholder instead of adding a second Zeta.
    const account = 'Id,Name,ParentId,OwnerId,Phone\n0015g00000ZzZzZAAV,Zeta Logistics,,bob.sales@extid.test,010-55556666\n';
    const accountRun = await runImport(t.admin.client, t.app, 'customers', account, 'Account.csv', { mapping: { external_id: 0, name: 1, owner_id: 3, phone: 4 } });
    expect(accountRun).toMatchObject({ created: 0, updated: 1 });
    expect(await byExternalId('customers', '0015g00000ZzZzZAAV')).toEqual([expect.objectContaining({ id: placeholder.id, name: 'Zeta Logistics' })]);
    // The same opportunities again: the deal still points at it, no placeholder is made.
    const again = await runImport(t.admin.client, t.app, 'deals', opportunities, 'Opportunity.csv', { mapping, options });
    expect(again).toMatchObject({ created: 0, placeholders: 0 });
    expect(await count('customers')).toBe(before + 1);
    const [deal] = await byExternalId('deals', '0065g00000AbCdGAAV');
    expect(deal.customer_id).toBe(placeholder.id);
  });
});
