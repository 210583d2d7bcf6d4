import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCrm, type TestCrm } from './helpers/crm.js';

/** vCards and web forms read phones like imports do: in the company's default phone region. */
let t: TestCrm;
let form: { token: string };

const setRegion = async (phoneRegion: string) => {
  const res = await t.admin.client.request('PUT', '/api/v1/currency-settings', { currency: 'CNY', phoneRegion });
  expect(res.status, res.text).toBe(200);
};

async function importCard(card: string) {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/contacts/vcard', headers: { ...(t.admin.client as any).headers, 'content-type': 'text/vcard' }, payload: card });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { data: Record<string, any>[]; warnings: { card: number; field: string; value: string; message: string }[] };
}
const card = (name: string, tels: string[]) => ['BEGIN:VCARD', 'VERSION:3.0', `FN:${name}`, ...tels, 'END:VCARD', ''].join('\r\n');

async function submit(body: Record<string, string>) {
  const res = await t.app.inject({ method: 'POST', url: `/api/v1/public/forms/${form.token}/submissions`, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body), remoteAddress: '203.0.113.9' });
  expect(res.statusCode, res.body).toBeLessThan(300);
  return (await t.admin.client.list('leads', { filter: { field: 'name', op: 'eq', value: body.name } })).body.data[0];
}

beforeAll(async () => {
  t = await startTestCrm();
  const res = await t.admin.client.post('/api/v1/web-forms', { name: '电话地区表单', fields: [{ field: 'name', required: true }, { field: 'mobile' }] });
  expect(res.status, res.text).toBe(201);
  form = res.body.data;
});
afterAll(() => t?.close());

describe('phones in the company default region', () => {
  it('US default: a national-format number is stored internationally by vCard and web form; a +country number keeps its own', async () => {
    await setRegion('US');
    const res = await importCard(card('Ann Region', ['TEL;TYPE=CELL:(415) 555-2671', 'TEL;TYPE=WORK:+44 20 7946 0958']));
    expect(res.data[0]).toMatchObject({ mobile: '+1 415 555 2671', phone: '+44 20 7946 0958' });
    expect(res.warnings).toEqual([]);
    expect((await submit({ name: 'Bob Region', mobile: '(212) 555-0147' })).mobile).toBe('+1 212 555 0147');
    expect((await submit({ name: 'Bo Region', mobile: '+86 138 0013 8001' })).mobile).toBe('+86 138 0013 8001');
  });

  it('CN default: a Chinese mobile stays as written; a short extension is kept as written, with a warning', async () => {
    await setRegion('CN');
    const res = await importCard(card('张区域', ['TEL;TYPE=CELL:13800138002', 'TEL;TYPE=WORK:010-6543 2100']));
    expect(res.data[0]).toMatchObject({ mobile: '13800138002', phone: '010-6543 2100' });
    const lead = await submit({ name: '李区域', mobile: '139 0013 9003' });
    expect(lead.mobile).toBe('139 0013 9003');
    const short = await importCard(card('Carl Region', ['TEL;TYPE=CELL:8001']));
    expect(short.data[0].mobile).toBe('8001');
    expect(short.warnings).toEqual([{ card: 1, field: 'mobile', value: '8001', message: '“8001”不像电话号码，已按原样保存' }]);
  });

  it('a vCard number the phone field refuses goes to the notes, with a warning', async () => {
    const res = await importCard(card('王备注', ['TEL;TYPE=CELL:call reception']));
    expect(res.data[0].mobile ?? null).toBeNull();
    expect(res.data[0].description).toContain('call reception');
    expect(res.warnings).toEqual([{ card: 1, field: 'mobile', value: 'call reception', message: '“call reception”不像电话号码，已按原样保存到备注' }]);
  });
});
