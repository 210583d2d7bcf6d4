import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCrm, type TestCrm } from './helpers/crm.js';

/** What an imported file may carry: cells starting with @ (search lexemes) and spreadsheet formulas (rejects.csv). */
let t: TestCrm;
beforeAll(async () => {
  t = await startTestCrm({ jobs: true });
});
afterAll(async () => {
  await t?.close();
});

const cookie = () => (t.admin.client as unknown as { headers: Record<string, string> }).headers;

async function runImport(csv: string) {
  const up = await t.app.inject({ method: 'POST', url: '/api/v1/imports?object=contacts&fileName=untrusted.csv', headers: { ...cookie(), 'content-type': 'application/octet-stream' }, payload: Buffer.from(csv) });
  expect(up.statusCode, up.body).toBe(201);
  const id = up.json().data.id as string;
  expect((await t.admin.client.post(`/api/v1/imports/${id}/run`)).status).toBe(202);
  for (const until = Date.now() + 60_000; ; ) {
    const imp = (await t.admin.client.get(`/api/v1/imports/${id}`)).body.data;
    if (imp.status === 'done') return imp;
    if (imp.status === 'failed' || Date.now() > until) throw new Error(`import ${imp.status}: ${imp.error}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('an import of untrusted cells', () => {
  it('imports names starting with @, and rejects.csv defuses formulas in headers, cells and reasons', async () => {
    const csv = ['姓名,邮箱,=cmd|x', '@1,a1@example.com,x', '@,a2@example.com,y', '"=HYPERLINK(""http://evil.example"",""点我"")",not-an-email,@SUM(A1)', '-2+3,also bad,+cmd'].join('\n');
    const imp = await runImport(csv);
    expect(imp.rejected).toBe(2);
    const names = (await t.admin.client.list('contacts', { limit: 50 })).body.data.map((c: any) => c.name);
    expect(names).toEqual(expect.arrayContaining(['@1', '@']));

    const res = await t.app.inject({ method: 'GET', url: `/api/v1/imports/${imp.id}/rejects.csv`, headers: cookie() });
    expect(res.statusCode).toBe(200);
    const lines = res.body.replace(/^\uFEFF/, '').trim().split('\n');
    expect(lines[0]).toContain(`'=cmd|x`);
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil.example"",""点我"")"`);
    expect(lines[1]).toContain(`'@SUM(A1)`);
    expect(lines[2]).toContain(`'+cmd`);
    // No cell of the file starts a formula.
    for (const line of lines) for (const cell of line.split(',')) expect(cell.replace(/^"/, '')).not.toMatch(/^[=@]/);
  });
});
