import PDFDocument from 'pdfkit';
import type { ApiRecord } from '../../../engine/records/record-service.js';
import type { CompanySettings } from '../company-settings.js';
import type { FontChoice } from './cjk-font.js';
import { rmbUppercase } from './rmb-uppercase.js';

export interface QuotePdfData {
  quote: ApiRecord;
  lines: ApiRecord[];
  /** The unit (件, 套, 年…) of each line's product, '' when none. */
  units: string[];
  customerName: string;
  contactName?: string | null;
  ownerName?: string | null;
  company: CompanySettings;
  logo: Buffer | null;
}

/** The customer copy shows a currency sign, not an ISO code. */
const SIGNS: Record<string, string> = { CNY: '¥', USD: 'US$', EUR: '€', HKD: 'HK$', JPY: 'JP¥', GBP: '£', TWD: 'NT$' };
const money = (n: unknown) => Number(n ?? 0).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const amountOf = (v: unknown) => (v as { amount?: number } | null)?.amount ?? 0;

// Columns of the line table: x offset and width on an A4 page with 40 pt margins (515 pt wide).
const COLUMNS = [
  { key: 'n', title: '序号', x: 40, w: 28, align: 'left' },
  { key: 'description', title: '产品 / 描述', x: 68, w: 157, align: 'left' },
  { key: 'unit', title: '单位', x: 225, w: 35, align: 'center' },
  { key: 'quantity', title: '数量', x: 260, w: 45, align: 'right' },
  { key: 'unit_price', title: '单价', x: 305, w: 70, align: 'right' },
  { key: 'discount_percent', title: '折扣%', x: 375, w: 40, align: 'right' },
  { key: 'tax_rate', title: '税率%', x: 415, w: 40, align: 'right' },
  { key: 'line_total', title: '金额', x: 455, w: 100, align: 'right' },
] as const;

function cell(line: ApiRecord, key: string, index: number, unit: string): string {
  if (key === 'n') return String(index + 1);
  if (key === 'unit') return unit;
  if (key === 'description') return String(line.description ?? '');
  if (key === 'unit_price' || key === 'line_total') return money(line[key]);
  return String(Number(line[key] ?? 0));
}

/** A4 quote: company header with logo, customer block, line table, totals, terms. Returns the PDF bytes. */
export function renderQuotePdf(data: QuotePdfData, font: FontChoice): Promise<Buffer> {
  const { quote, lines, company } = data;
  const doc = new PDFDocument({ size: 'A4', margin: 40, info: { Title: `报价单 ${quote.quote_no ?? ''}`, Author: company.name || 'CRM' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('cjk', font.path, font.face);
  doc.font('cjk');

  // Header: logo left, company right.
  let top = 40;
  if (data.logo) {
    try {
      doc.image(data.logo, 40, top, { fit: [120, 50] });
    } catch {
      // An unreadable logo must not cost the quote its PDF.
    }
  }
  doc.fontSize(16).text(company.name || '', 200, top, { width: 355, align: 'right' });
  doc.fontSize(9).fillColor('#555');
  if (company.address) doc.text(company.address, 200, doc.y + 2, { width: 355, align: 'right' });
  if (company.phone) doc.text(`电话：${company.phone}`, 200, doc.y + 2, { width: 355, align: 'right' });
  if (company.taxId) doc.text(`税号：${company.taxId}`, 200, doc.y + 2, { width: 355, align: 'right' });
  top = Math.max(doc.y, 95) + 10;
  doc.moveTo(40, top).lineTo(555, top).strokeColor('#ccc').stroke();

  doc.fillColor('#000').fontSize(20).text('报 价 单', 40, top + 12, { width: 515, align: 'center' });
  doc.fontSize(10);
  const info: [string, string][] = [
    ['客户', data.customerName],
    ['联系人', data.contactName ?? '—'],
    ['报价单号', `${quote.quote_no ?? ''}（第 ${quote.revision ?? 1} 版）`],
    ['报价主题', String(quote.name ?? '')],
    ['报价日期', String(quote.created_at ?? '').slice(0, 10)],
    ['有效期至', String(quote.valid_until ?? '—')],
  ];
  // The status (a draft) and the currency code are for the seller, not on the customer's copy.
  const currency = String(quote.currency ?? 'CNY');
  const sign = SIGNS[currency] ?? currency;
  let y = top + 50;
  info.forEach(([k, v], i) => {
    const x = i % 2 === 0 ? 40 : 300;
    doc.fillColor('#666').text(`${k}：`, x, y, { width: 60 }).fillColor('#000').text(v, x + 60, y, { width: 195 });
    if (i % 2 === 1) y = doc.y + 4;
  });

  // Line table.
  y += 10;
  doc.rect(40, y, 515, 20).fill('#f0f2f5').fillColor('#000').fontSize(9);
  for (const c of COLUMNS) doc.text(c.title, c.x + 3, y + 6, { width: c.w - 6, align: c.align });
  y += 22;
  lines.forEach((line, i) => {
    const height = Math.max(16, doc.heightOfString(cell(line, 'description', i, ''), { width: 151 }) + 6);
    if (y + height > 760) {
      doc.addPage();
      y = 40;
    }
    for (const c of COLUMNS) doc.text(cell(line, c.key, i, data.units[i] ?? ''), c.x + 3, y + 3, { width: c.w - 6, align: c.align });
    y += height;
    doc.moveTo(40, y).lineTo(555, y).strokeColor('#eee').stroke();
  });
  if (!lines.length) {
    doc.fillColor('#999').text('（无明细）', 40, y + 4, { width: 515, align: 'center' }).fillColor('#000');
    y += 20;
  }

  // Totals.
  y += 10;
  const totals: [string, unknown][] = [
    ['小计', amountOf(quote.subtotal)],
    ['折扣', -amountOf(quote.discount_total)],
    ['税额', amountOf(quote.tax_total)],
    ['总计', amountOf(quote.grand_total)],
  ];
  for (const [k, v] of totals) {
    const last = k === '总计';
    doc.fontSize(last ? 12 : 10).text(k, 355, y, { width: 90, align: 'right' }).text(`${sign} ${money(v)}`, 445, y, { width: 110, align: 'right' });
    y = doc.y + 4;
  }
  if (currency === 'CNY') {
    doc.fontSize(10).text(`合计人民币（大写）：${rmbUppercase(amountOf(quote.grand_total))}`, 40, y + 6, { width: 515 });
  }
  doc.fillColor('#000');
  if (quote.terms) {
    doc.fontSize(10).text('报价条款', 40, doc.y + 14).fontSize(9).fillColor('#333').text(String(quote.terms), 40, doc.y + 4, { width: 515 });
  }
  paymentAndSeals(doc, data);
  doc.end();
  return done;
}

/** Bank details for the transfer, then the two seal/signature boxes (报价方 and 客户确认). */
function paymentAndSeals(doc: PDFKit.PDFDocument, data: QuotePdfData) {
  const { company } = data;
  if (doc.y > 600) doc.addPage();
  let y = doc.y + 16;
  const bank: [string, string][] = [
    ['户名', company.name],
    ['开户行', company.bankName],
    ['账号', company.bankAccount],
  ];
  if (company.bankName || company.bankAccount) {
    doc.fillColor('#000').fontSize(10).text('收款信息', 40, y);
    doc.fontSize(9);
    for (const [k, v] of bank) if (v) doc.fillColor('#666').text(`${k}：`, 40, doc.y + 3, { continued: true }).fillColor('#000').text(v);
    y = doc.y + 14;
  }
  const boxes: [string, string][] = [
    ['报价方（盖章）', company.name],
    ['客户确认（盖章）', data.customerName],
  ];
  boxes.forEach(([title, name], i) => {
    const x = 40 + i * 265;
    doc.rect(x, y, 250, 110).strokeColor('#999').stroke();
    doc.fillColor('#000').fontSize(10).text(title, x + 10, y + 8, { width: 230 });
    doc.fontSize(9).text(name, x + 10, y + 26, { width: 230 });
    const who = i === 0 && data.ownerName ? `授权代表签字：${data.ownerName}` : '授权代表签字：';
    doc.text(who, x + 10, y + 70, { width: 230 }).text('日期：      年    月    日', x + 10, y + 88, { width: 230 });
  });
  doc.y = y + 120;
}
