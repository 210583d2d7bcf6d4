import type { FieldDefinition, ObjectDefinitionInput } from '@crm/schema';
import { field, options, relation } from '../define.js';
import { CURRENCIES } from '../products/objects.js';

export const QUOTE_STATUSES = options(
  ['draft', '草稿', 'Draft', 'default'],
  ['sent', '已发送', 'Sent', 'blue'],
  ['accepted', '已接受', 'Accepted', 'green'],
  ['rejected', '已拒绝', 'Rejected', 'red'],
);

/** Money totals kept by the server from the lines; clients cannot write them. The parts add up to the grand total, so they hide with it. */
export function documentTotals(): FieldDefinition[] {
  const part = { system: true, derivedFrom: ['grand_total'] };
  return [
    field('subtotal', '小计', 'Subtotal', 'currency', part),
    field('discount_total', '折扣', 'Discount', 'currency', part),
    field('tax_total', '税额', 'Tax', 'currency', part),
    field('grand_total', '总计', 'Grand total', 'currency', { system: true }),
  ];
}

/**
 * Fields of a line on a quote or an order; the amounts are computed on the server. The document's
 * total is the sum of the lines, so prices and amounts are hidden with it (`documentTotal`: 'orders.total_amount').
 */
export function lineItemFields(productReverse: [name: string, zh: string, en: string], documentTotal: string): FieldDefinition[] {
  const derivedFrom = [documentTotal];
  return [
    relation('product_id', '产品', 'Product', 'products', ...productReverse),
    field('description', '描述', 'Description', 'text', { maxLength: 500 }),
    field('quantity', '数量', 'Quantity', 'decimal', { min: 0, defaultValue: 1, required: true }),
    field('unit_price', '单价', 'Unit price', 'decimal', { min: 0, derivedFrom }),
    field('discount_percent', '折扣 %', 'Discount %', 'percent', { min: 0, max: 100, defaultValue: 0 }),
    field('tax_rate', '税率 %', 'Tax rate %', 'percent', { min: 0, max: 100, defaultValue: 0 }),
    field('amount', '金额', 'Amount', 'decimal', { system: true, derivedFrom }),
    field('discount_amount', '折扣额', 'Discount amount', 'decimal', { system: true, derivedFrom }),
    field('tax_amount', '税额', 'Tax amount', 'decimal', { system: true, derivedFrom }),
    field('line_total', '行合计', 'Line total', 'decimal', { system: true, derivedFrom }),
    field('position', '序号', 'Position', 'integer', { min: 0, defaultValue: 0 }),
  ];
}

export const quotes: ObjectDefinitionInput = {
  name: 'quotes',
  label: { zh: '报价单', en: 'Quote' },
  pluralLabel: { zh: '报价单', en: 'Quotes' },
  titleField: 'name',
  subtitleFields: ['quote_no', 'status', 'grand_total'],
  searchable: true,
  icon: 'file-text',
  fields: [
    field('name', '报价主题', 'Subject', 'text', { required: true, searchable: true, maxLength: 200 }),
    field('quote_no', '报价单号', 'Quote no.', 'text', { system: true, searchable: true, indexed: true }),
    field('revision', '版本', 'Version', 'integer', { system: true }),
    relation('previous_version_id', '上一版本', 'Previous version', 'quotes', 'later_versions', '后续版本', 'Later versions', { system: true }),
    field('is_latest', '最新版本', 'Latest version', 'boolean', { system: true }),
    relation('customer_id', '客户', 'Customer', 'customers', 'quotes', '报价单', 'Quotes', { required: true, indexed: true }),
    relation('deal_id', '商机', 'Deal', 'deals', 'quotes', '报价单', 'Quotes', { indexed: true }),
    relation('contact_id', '联系人', 'Contact', 'contacts', 'quotes', '报价单', 'Quotes'),
    relation('price_book_id', '价格表', 'Price book', 'price_books', 'quotes', '报价单', 'Quotes'),
    field('currency', '币种', 'Currency', 'select', { options: CURRENCIES, defaultValue: 'CNY', required: true }),
    field('status', '状态', 'Status', 'select', { options: QUOTE_STATUSES, defaultValue: 'draft', required: true, indexed: true }),
    field('valid_until', '有效期至', 'Valid until', 'date'),
    ...documentTotals(),
    field('sent_at', '发送时间', 'Sent at', 'datetime', { system: true }),
    field('decided_at', '客户决定时间', 'Decided at', 'datetime', { system: true }),
    field('terms', '报价条款', 'Terms', 'long_text'),
    field('description', '备注', 'Notes', 'long_text'),
  ],
};

export const quoteLineItems: ObjectDefinitionInput = {
  name: 'quote_line_items',
  label: { zh: '报价明细', en: 'Quote line' },
  pluralLabel: { zh: '报价明细', en: 'Quote lines' },
  titleField: 'description',
  subtitleFields: ['quantity', 'line_total'],
  icon: 'unordered-list',
  defaultSort: 'position',
  fields: [
    relation('quote_id', '报价单', 'Quote', 'quotes', 'line_items', '报价明细', 'Line items', { required: true, indexed: true }),
    ...lineItemFields(['quote_line_items', '报价明细', 'Quote lines'], 'quotes.grand_total'),
  ],
};

export const QUOTE_OBJECTS = [quotes, quoteLineItems];
