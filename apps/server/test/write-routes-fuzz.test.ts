import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCrm, type TestCrm } from './helpers/crm.js';

/** Every write route answers bad input with a 4xx, never a 500. */
process.env.CRM_BACKUP_DIR = mkdtempSync(join(tmpdir(), 'crm-fuzz-backups-'));
let t: TestCrm;
let ids: Record<string, string>;

beforeAll(async () => {
  t = await startTestCrm();
  const customer = await t.admin.client.create('customers', { name: '模糊测试客户' });
  ids = { object: 'customers', id: customer.id };
});
afterAll(async () => {
  await t?.close();
});

/** Write routes as Fastify prints them with full paths: "/api/v1/:object/bulk (POST)". */
function writeRoutes(): { method: string; url: string }[] {
  const text = t.app.printRoutes({ commonPrefix: false });
  const out: { method: string; url: string }[] = [];
  for (const line of text.split('\n')) {
    const m = /(\/\S*) \(([A-Z, ]+)\)/.exec(line);
    if (!m) continue;
    for (const method of m[2].split(',').map((s) => s.trim())) if (['POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) out.push({ method, url: m[1] });
  }
  return out;
}

const fill = (url: string) => url.replace(/:(\w+)/g, (_, name: string) => ids[name] ?? (name === 'object' ? 'customers' : ids.id));

const BODIES: Array<[string, string]> = [
  ['invalid json', '{"name": '],
  ['null', 'null'],
  ['array', '[1,2]'],
  ['string', '"@1"'],
  ['wrong types', JSON.stringify({ name: 5, version: 'x', id: 'not-a-uuid', ids: 'x', rows: {}, fields: 'x', settings: [], action: 7 })],
  ['nulls', JSON.stringify({ name: null, version: null, id: null, ids: null, rows: null, fields: null, settings: null, action: null })],
  ['huge and @', JSON.stringify({ name: `@${'x'.repeat(100_000)}`, title: '@', email: '@', q: '@' })],
  ['numbers', JSON.stringify({ version: -1, limit: Number.MAX_SAFE_INTEGER, keep: -5, port: 1e20, amount: 'NaN' })],
  ['unknown fields', JSON.stringify({ zzz_unknown: 1, __proto__: { admin: true } })],
];

describe('write routes under bad input', () => {
  it('answer 4xx, never 500', { timeout: 120_000 }, async () => {
    // Logging out would leave the rest of the run unauthenticated.
    const routes = writeRoutes().filter((r) => !r.url.includes('logout'));
    const statuses = new Map<number, number>();
    expect(routes.length).toBeGreaterThan(30);
    const failures: string[] = [];
    for (const route of routes) {
      for (const [name, payload] of BODIES) {
        const res = await t.app.inject({ method: route.method as 'POST', url: fill(route.url), headers: { cookie: (t.admin.client as any).headers.cookie, 'content-type': 'application/json' }, payload });
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        if (res.statusCode >= 500) failures.push(`${route.method} ${route.url} [${name}] → ${res.statusCode} ${res.body.slice(0, 120)}`);
      }
      const wrongType = await t.app.inject({ method: route.method as 'POST', url: fill(route.url), headers: { cookie: (t.admin.client as any).headers.cookie, 'content-type': 'text/plain' }, payload: 'hello' });
      if (wrongType.statusCode >= 500) failures.push(`${route.method} ${route.url} [text/plain] → ${wrongType.statusCode}`);
    }
    // The admin stayed logged in: answers are about the input, not the session.
    expect(statuses.get(401) ?? 0).toBeLessThan(routes.length);
    expect(failures).toEqual([]);
  });
});
