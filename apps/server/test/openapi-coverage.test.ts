import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCrm, type TestCrm } from './helpers/crm.js';
import { servedRoutes } from './helpers/served-routes.js';

/** The OpenAPI document names every route the server serves (except the web app and the docs UI's own assets). */
let t: TestCrm;

beforeAll(async () => {
  t = await startTestCrm();
});
afterAll(() => t?.close());

const IGNORED = [/^\*$/, /^\/api\/docs(\/|$)/];

/** A documented path covers a served one segment by segment; a served {param} may be documented per value (/api/v1/customers). */
function covers(documented: string, served: string): boolean {
  const [d, s] = [documented.split('/'), served.split('/')];
  return d.length === s.length && d.every((seg, i) => seg === s[i] || (seg.startsWith('{') && s[i].startsWith('{')) || s[i].startsWith('{'));
}

describe('OpenAPI coverage', () => {
  it('reads the route tree (a test of the reader itself)', () => {
    const routes = servedRoutes(t.app);
    expect(routes).toContainEqual({ method: 'GET', path: '/api/health' });
    expect(routes).toContainEqual({ method: 'PATCH', path: '/api/v1/{object}/{id}' });
    expect(routes.length).toBeGreaterThan(150);
  });

  it('documents every served route and method', async () => {
    const doc = (await t.admin.client.get('/api/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => ({ method: method.toUpperCase(), path })));
    const missing = servedRoutes(t.app)
      .filter((r) => r.method !== 'HEAD' && !IGNORED.some((re) => re.test(r.path)))
      .filter((r) => !documented.some((d) => d.method === r.method && covers(d.path, r.path)))
      .map((r) => `${r.method} ${r.path}`);
    expect(missing).toEqual([]);
  });

  it('gives every PUT and PATCH its request schema and every operation a response', async () => {
    const doc = (await t.admin.client.get('/api/openapi.json')).body as { paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: unknown }> }; responses?: object }>> };
    const problems = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).flatMap(([method, op]) => [
        ...(['put', 'patch'].includes(method) && !Object.values(op.requestBody?.content ?? {}).some((c) => c.schema) ? [`${method} ${path}: no request schema`] : []),
        ...(!Object.keys(op.responses ?? {}).length ? [`${method} ${path}: no responses`] : []),
      ]),
    );
    expect(problems).toEqual([]);
  });
});
