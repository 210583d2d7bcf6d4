import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCjkFont, FONT_MISSING } from '../src/modules/quotes/pdf/cjk-font.js';
import { startTestCrm, type TestCrm, type TestUser } from './helpers/crm.js';

let t: TestCrm;
let rep: TestUser;

beforeAll(async () => {
  t = await startTestCrm();
  const team = await t.createTeam('华北销售部');
  rep = await t.createUser({ role: 'sales_rep', teamId: team, name: '北区代表' });
});
afterAll(async () => {
  await t?.close();
});

/** The text a reader sees on every page, via pdf.js (not a byte search). */
export async function pdfText(data: Buffer): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(data), useSystemFonts: false }).promise;
  let text = '';
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    text += content.items.map((item) => ('str' in item ? item.str : '')).join('') + '\n';
  }
  await doc.destroy();
  return text;
}

/** A 1×1 PNG, built by hand so the test needs no image file. */
function tinyPng(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.from([0, 0xd4, 0x38, 0x2a]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

describe('quote PDF', () => {
  it('renders the Chinese customer name, company, lines and totals as real text', async () => {
    expect((await t.admin.client.request('PUT', '/api/v1/company-settings', { name: '北京星河软件有限公司', address: '北京市海淀区中关村大街 1 号', phone: '010-88886666' })).status).toBe(200);
    const logo = await raw(t.admin, 'PUT', '/api/v1/company-settings/logo', tinyPng());
    expect(logo.statusCode, logo.body).toBe(200);
    expect(logo.json().data.hasLogo).toBe(true);
    const customer = await rep.client.create('customers', { name: '深圳前海微众数据服务有限公司' });
    const quote = await rep.client.create('quotes', { name: '数据平台报价', customer_id: customer.id, terms: '报价 30 天内有效' });
    await rep.client.post('/api/v1/quote_line_items', { quote_id: quote.id, description: '数据中台许可（年）', quantity: 2, unit_price: 12345.67, discount_percent: 5, tax_rate: 6 });
    await rep.client.post('/api/v1/quote_line_items', { quote_id: quote.id, description: '实施服务', quantity: 10, unit_price: 1500, tax_rate: 6 });
    const res = await raw(rep, 'GET', `/api/v1/quotes/${quote.id}/pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(String(res.headers['content-disposition'])).toMatch(/^attachment; filename="quote-Q-\d{8}-[0-9A-F]{6}-v1\.pdf"$/);
    const text = (await pdfText(res.rawPayload)).replace(/\s+/g, '');
    expect(text).toContain('深圳前海微众数据服务有限公司');
    expect(text).toContain('北京星河软件有限公司');
    expect(text).toContain('数据中台许可（年）');
    // 2 × 12,345.67 = 24,691.34; −5% = 1,234.57 → 23,456.77; +6% = 1,407.41 → 24,864.18; plus 15,000 + 900 = 40,764.18
    expect(text).toContain('24,864.18');
    expect(text).toContain('40,764.18');
    expect(text).toContain('报价单');
  });

  it('is a customer copy for Chinese B2B: unit column, total in 人民币大写, bank details, seal blocks; no draft status or CNY code', async () => {
    const settings = { name: '北京星河软件有限公司', address: '北京市海淀区中关村大街 1 号', phone: '010-88886666', bankName: '招商银行北京中关村支行', bankAccount: '1109 0123 4567 890', taxId: '91110108MA01ABCD2X' };
    expect((await t.admin.client.request('PUT', '/api/v1/company-settings', settings)).status).toBe(200);
    expect((await t.admin.client.get('/api/v1/company-settings')).body.data).toMatchObject({ bankName: settings.bankName, bankAccount: settings.bankAccount, taxId: settings.taxId });
    const product = await t.admin.client.create('products', { name: '数据中台', unit: '套' });
    const customer = await rep.client.create('customers', { name: '杭州云栖科技有限公司' });
    const quote = await rep.client.create('quotes', { name: '中台报价', customer_id: customer.id });
    expect(quote.status).toBe('draft');
    await rep.client.post('/api/v1/quote_line_items', { quote_id: quote.id, product_id: product.id, description: '数据中台许可', quantity: 2, unit_price: 50005.05 });
    const res = await raw(rep, 'GET', `/api/v1/quotes/${quote.id}/pdf`);
    expect(res.statusCode, res.body).toBe(200);
    const text = (await pdfText(res.rawPayload)).replace(/\s+/g, '');
    expect(text).toContain('单位');
    expect(text).toMatch(/数据中台许可套2/);
    expect(text).toContain('¥100,010.10');
    expect(text).toContain('合计人民币（大写）：壹拾万零壹拾元壹角整');
    expect(text).toContain('开户行：招商银行北京中关村支行');
    expect(text).toContain('账号：11090123456789');
    expect(text).toContain('税号：91110108MA01ABCD2X');
    expect(text).toContain('报价方（盖章）');
    expect(text).toContain('客户确认（盖章）');
    expect(text).not.toContain('CNY');
    expect(text).not.toContain('草稿');
    expect(text).not.toContain('状态');
  });

  it('refuses the PDF to a role that hides the quote’s amounts, naming the field', async () => {
    const roleId = await t.createRole('pdf_no_totals', {
      objects: { '*': { read: 'all', create: 'all', update: 'all', delete: 'all', export: 'all' } },
      fields: { quotes: { grand_total: 'hidden' } },
    });
    const viewer = await t.createUser({ role: roleId });
    const customer = await rep.client.create('customers', { name: '隐藏金额客户' });
    const quote = await rep.client.create('quotes', { name: '隐藏金额报价', customer_id: customer.id });
    await rep.client.post('/api/v1/quote_line_items', { quote_id: quote.id, description: '服务', quantity: 1, unit_price: 8888 });
    const res = await raw(viewer, 'GET', `/api/v1/quotes/${quote.id}/pdf`);
    expect(res.statusCode).toBe(403);
    // Hiding the grand total hides the subtotal it is derived from too: the first amount the PDF prints.
    expect(res.json().error.details[0].path).toMatch(/^quotes\.(subtotal|grand_total)$/);
    expect(res.body).not.toContain('8,888');

    const lineRole = await t.createRole('pdf_no_prices', {
      objects: { '*': { read: 'all', create: 'all', update: 'all', delete: 'all', export: 'all' } },
      fields: { quote_line_items: { unit_price: 'hidden' } },
    });
    const lineViewer = await t.createUser({ role: lineRole });
    const lines = await raw(lineViewer, 'GET', `/api/v1/quotes/${quote.id}/pdf`);
    expect(lines.statusCode).toBe(403);
    expect(lines.json().error.details[0].path).toBe('quote_line_items.unit_price');
  });

  it('says clearly when no Chinese font is installed', () => {
    expect(findCjkFont({ CRM_PDF_FONT: '/nonexistent/font.ttc' })).toBeNull();
    expect(FONT_MISSING).toMatch(/fonts-wqy-zenhei/);
    expect(findCjkFont({})).not.toBeNull();
  });

  it('refuses a logo that is not an image, naming the field', async () => {
    const res = await raw(t.admin, 'PUT', '/api/v1/company-settings/logo', Buffer.from('not an image'));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].path).toBe('logo');
    expect((await rep.client.request('PUT', '/api/v1/company-settings', { name: 'x' })).status).toBe(403);
  });
});

/** A request with a binary body or answer, as the user (the Client helper speaks JSON). */
function raw(user: TestUser, method: 'GET' | 'PUT', url: string, payload?: Buffer) {
  const { cookie } = (user.client as unknown as { headers: Record<string, string> }).headers;
  return t.app.inject({ method, url, payload, headers: { cookie, ...(payload ? { 'content-type': 'image/png' } : {}) } });
}
