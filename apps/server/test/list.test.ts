import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qs, startTestCrm, type TestCrm } from './helpers/crm.js';

type Rec = Record<string, any>;
let t: TestCrm;
let admin: TestCrm['admin']['client'];
let rows: Rec[];

const STATUSES = ['prospect', 'active', 'vip', 'dormant', 'lost'];
const N = 40;

beforeAll(async () => {
  t = await startTestCrm();
  admin = t.admin.client;
  for (const field of [
    { name: 'rank', label: { zh: '等级', en: 'Rank' }, type: 'integer' },
    { name: 'levels', label: { zh: '层级', en: 'Levels' }, type: 'multi_select', options: ['x', 'y', 'z'].map((v) => ({ value: v, label: { zh: v, en: v } })) },
  ]) {
    const res = await admin.post('/api/v1/meta/objects/customers/fields', field);
    if (res.status !== 201) throw new Error(res.text);
  }
  // One bulk call: every row shares created_at (one transaction), which pagination must survive.
  const res = await admin.post('/api/v1/customers/bulk', {
    action: 'create',
    rows: Array.from({ length: N }, (_, i) => ({
      name: `${i % 3 === 0 ? '北京' : '上海'}客户${String(i).padStart(2, '0')}`,
      status: STATUSES[i % 5],
      employees: i % 4 === 0 ? null : i % 6,
      annual_revenue: i % 5 === 1 ? null : { amount: i * 1000 },
      email: i % 2 ? `c${i}@example.com` : null,
      tags: i % 3 === 1 ? ['重点', `t${i % 2}`] : [],
      region: i % 2 ? { province: '广东省', city: i % 4 === 1 ? '深圳市' : '广州市' } : null,
      cf_rank: i % 7 === 0 ? null : i % 3,
      cf_levels: i % 2 ? ['x'] : ['y', 'z'],
    })),
  });
  if (res.status !== 200) throw new Error(res.text);
  rows = res.body.data;
});
afterAll(async () => {
  await t?.close();
});

async function ids(filter: unknown, extra: Record<string, unknown> = {}): Promise<string[]> {
  const res = await admin.list('customers', { filter, limit: 500, ...extra });
  expect(res.status, res.text).toBe(200);
  return res.body.data.map((r: Rec) => r.id).sort();
}
const expected = (pred: (r: Rec) => boolean) => rows.filter(pred).map((r) => r.id).sort();

describe('filters', () => {
  it.each<[string, unknown, (r: Rec) => boolean]>([
    ['eq select', { field: 'status', op: 'eq', value: 'vip' }, (r) => r.status === 'vip'],
    ['ne select (keeps other values)', { field: 'status', op: 'ne', value: 'vip' }, (r) => r.status !== 'vip'],
    ['ne integer (keeps empty)', { field: 'employees', op: 'ne', value: 1 }, (r) => r.employees !== 1],
    ['in', { field: 'status', op: 'in', value: ['vip', 'lost'] }, (r) => ['vip', 'lost'].includes(r.status)],
    ['nin (keeps empty)', { field: 'employees', op: 'nin', value: [1, 2] }, (r) => ![1, 2].includes(r.employees)],
    ['contains text', { field: 'name', op: 'contains', value: '京客' }, (r) => r.name.includes('京客')],
    ['contains is case-insensitive and literal', { field: 'email', op: 'contains', value: 'C1%' }, () => false],
    ['contains email', { field: 'email', op: 'contains', value: 'C1' }, (r) => (r.email ?? '').includes('c1')],
    ['starts_with', { field: 'name', op: 'starts_with', value: '上海' }, (r) => r.name.startsWith('上海')],
    ['gt', { field: 'employees', op: 'gt', value: 3 }, (r) => r.employees !== null && r.employees > 3],
    ['gte', { field: 'employees', op: 'gte', value: 3 }, (r) => r.employees !== null && r.employees >= 3],
    ['lt', { field: 'employees', op: 'lt', value: 2 }, (r) => r.employees !== null && r.employees < 2],
    ['lte currency', { field: 'annual_revenue', op: 'lte', value: 5000 }, (r) => r.annual_revenue !== null && r.annual_revenue.amount <= 5000],
    ['between', { field: 'annual_revenue', op: 'between', value: [10000, 20000] }, (r) => r.annual_revenue !== null && r.annual_revenue.amount >= 10000 && r.annual_revenue.amount <= 20000],
    ['empty', { field: 'employees', op: 'empty' }, (r) => r.employees === null],
    ['not_empty', { field: 'email', op: 'not_empty' }, (r) => r.email !== null],
    ['empty tags', { field: 'tags', op: 'empty' }, (r) => r.tags.length === 0],
    ['tags contains', { field: 'tags', op: 'contains', value: 't1' }, (r) => r.tags.includes('t1')],
    ['tags in', { field: 'tags', op: 'in', value: ['t0', 'nope'] }, (r) => r.tags.includes('t0')],
    ['tags nin', { field: 'tags', op: 'nin', value: ['t0'] }, (r) => !r.tags.includes('t0')],
    ['region', { field: 'region', op: 'eq', value: { province: '广东省', city: '深圳市' } }, (r) => r.region?.city === '深圳市'],
    ['region text', { field: 'region', op: 'contains', value: '广州' }, (r) => r.region?.city === '广州市'],
    ['owner me', { field: 'owner_id', op: 'eq', value: 'me' }, () => true],
    ['custom integer', { field: 'cf_rank', op: 'eq', value: 2 }, (r) => r.cf_rank === 2],
    ['custom integer empty', { field: 'cf_rank', op: 'empty' }, (r) => r.cf_rank === null],
    ['custom multi_select', { field: 'cf_levels', op: 'contains', value: 'z' }, (r) => r.cf_levels.includes('z')],
    ['and', { and: [{ field: 'status', op: 'in', value: ['vip', 'active'] }, { field: 'employees', op: 'gte', value: 2 }] }, (r) => ['vip', 'active'].includes(r.status) && r.employees >= 2],
    ['or', { or: [{ field: 'status', op: 'eq', value: 'lost' }, { field: 'cf_rank', op: 'eq', value: 0 }] }, (r) => r.status === 'lost' || r.cf_rank === 0],
    [
      'nested and/or',
      { and: [{ or: [{ field: 'name', op: 'starts_with', value: '北京' }, { field: 'tags', op: 'contains', value: '重点' }] }, { field: 'employees', op: 'not_empty' }, { or: [{ field: 'cf_rank', op: 'ne', value: 1 }] }] },
      (r) => (r.name.startsWith('北京') || r.tags.includes('重点')) && r.employees !== null && r.cf_rank !== 1,
    ],
    ['empty and', { and: [] }, () => true],
  ])('%s', async (_label, filter, pred) => {
    const want = expected(pred);
    expect(await ids(filter)).toEqual(want);
    const count = await admin.get(`/api/v1/customers/count?${qs({ filter })}`);
    expect(count.body.total).toBe(want.length);
    const viaBody = await admin.post('/api/v1/customers/query', { filter, limit: 500 });
    expect(viaBody.body.data.map((r: Rec) => r.id).sort()).toEqual(want);
  });

  it('rejects operators that do not fit the field with 400 naming it', async () => {
    for (const filter of [
      { field: 'status', op: 'gt', value: 'a' },
      { field: 'employees', op: 'contains', value: '1' },
      { field: 'employees', op: 'eq', value: 'many' },
      { field: 'employees', op: 'in', value: [] },
      { field: 'employees', op: 'between', value: [1] },
      { field: 'created_at', op: 'gt', value: 'yesterday' },
      { field: 'owner_id', op: 'eq', value: 'someone' },
      { field: 'tags', op: 'gt', value: 'a' },
      { field: 'employees', op: 'eq' },
      { field: 'name', op: 'eq', value: 'a\u0000' },
    ]) {
      const res = await admin.list('customers', { filter });
      expect(res.status, `${JSON.stringify(filter)} → ${res.text}`).toBe(400);
      expect(res.body.error.details[0].path).toContain(filter.field);
    }
    expect((await admin.list('customers', { filter: { field: 'x', op: 'like', value: 1 } })).status).toBe(400);
  });
});

describe('sorting and pagination', () => {
  const nullsLast = (a: unknown, b: unknown, desc: boolean) => {
    if (a === b) return 0;
    if (a === null) return 1;
    if (b === null) return -1;
    return (a! < b! ? -1 : 1) * (desc ? -1 : 1);
  };

  it.each([['employees'], ['-employees']])('sorts by %s with empty values last', async (sort) => {
    const desc = sort.startsWith('-');
    const res = await admin.list('customers', { sort, limit: 500 });
    const got = res.body.data.map((r: Rec) => r.employees);
    expect(got).toEqual(rows.map((r) => r.employees).sort((a, b) => nullsLast(a, b, desc)));
  });

  it('sorts by text, currency and custom fields', async () => {
    const byName = (await admin.list('customers', { sort: '-name', limit: 500 })).body.data.map((r: Rec) => r.name);
    expect(byName).toEqual([...byName].sort().reverse());
    const amounts = (await admin.list('customers', { sort: 'annual_revenue', limit: 500 })).body.data.map((r: Rec) => r.annual_revenue?.amount ?? null);
    expect(amounts).toEqual(rows.map((r) => r.annual_revenue?.amount ?? null).sort((a, b) => nullsLast(a, b, false)));
    const ranks = (await admin.list('customers', { sort: '-cf_rank', limit: 500 })).body.data.map((r: Rec) => r.cf_rank);
    expect(ranks).toEqual(rows.map((r) => r.cf_rank).sort((a, b) => nullsLast(a, b, true)));
  });

  it.each([['employees'], ['-employees'], ['status,-employees'], ['-cf_rank,name'], ['industry,-source,website,status'], ['-created_at'], ['created_at'], ['-updated_at'], [undefined]])(
    'walks every row exactly once with cursors (sort %s)',
    async (sort) => {
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 20; page++) {
        const res = await admin.list('customers', { sort, limit: 7, cursor });
        expect(res.status, res.text).toBe(200);
        seen.push(...res.body.data.map((r: Rec) => r.id));
        cursor = res.body.nextCursor ?? undefined;
        if (!cursor) break;
      }
      expect(seen.length).toBe(N);
      expect(new Set(seen).size).toBe(N);
      const all = (await admin.list('customers', { sort, limit: 500 })).body.data.map((r: Rec) => r.id);
      expect(seen).toEqual(all);
    },
  );

  it('pages through a filtered list with the same filter', async () => {
    const filter = { field: 'status', op: 'in', value: ['vip', 'active', 'lost'] };
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await admin.list('customers', { filter, sort: 'employees', limit: 4, cursor });
      seen.push(...res.body.data.map((r: Rec) => r.id));
      cursor = res.body.nextCursor ?? undefined;
    } while (cursor);
    expect(seen.sort()).toEqual(expected((r) => ['vip', 'active', 'lost'].includes(r.status)));
  });

  it('rejects unknown and unsortable sort fields', async () => {
    for (const sort of ['nope', 'tags', 'region', '-cf_levels']) {
      const res = await admin.list('customers', { sort });
      expect(res.status).toBe(400);
      expect(res.body.error.details[0].path).toBe('sort');
    }
  });

  it('rejects a cursor from another sort', async () => {
    const first = await admin.list('customers', { sort: 'status,employees', limit: 2 });
    const res = await admin.list('customers', { sort: 'employees', limit: 2, cursor: first.body.nextCursor });
    expect(res.status).toBe(400);
  });
});

describe('field selection and counts', () => {
  it('returns only the requested fields (plus id and version)', async () => {
    const res = await admin.list('customers', { fields: 'name,cf_rank,annual_revenue', limit: 3 });
    expect(res.status).toBe(200);
    for (const r of res.body.data) expect(Object.keys(r).sort()).toEqual(['annual_revenue', 'cf_rank', 'id', 'name', 'version']);
    const bad = await admin.list('customers', { fields: 'name,secret' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('fields');
  });

  it('counts only when asked', async () => {
    const withCount = await admin.list('customers', { count: true, limit: 1, filter: { field: 'status', op: 'eq', value: 'vip' } });
    expect(withCount.body.total).toBe(expected((r) => r.status === 'vip').length);
    expect(withCount.body.data).toHaveLength(1);
    expect((await admin.list('customers', { limit: 1 })).body.total).toBeUndefined();
    expect((await admin.list('customers', { limit: 1, count: false })).body.total).toBeUndefined();
    expect((await admin.get('/api/v1/customers/count')).body.total).toBe(N);
  });

  it('deleted=false lists live records, not the recycle bin', async () => {
    const live = await admin.list('customers', { deleted: false, limit: 500 });
    expect(live.body.data).toHaveLength(N);
    expect((await admin.get('/api/v1/customers/count?deleted=false')).body.total).toBe(N);
  });
});
