import type { ObjectDefinitionInput } from '@crm/schema';
import { field, options, relation } from '../define.js';

/** Currencies offered for price books and quotes (ISO 4217). */
export const CURRENCIES = options(
  ['CNY', '人民币 CNY', 'CNY'],
  ['USD', '美元 USD', 'USD'],
  ['EUR', '欧元 EUR', 'EUR'],
  ['HKD', '港币 HKD', 'HKD'],
  ['JPY', '日元 JPY', 'JPY'],
);

export const products: ObjectDefinitionInput = {
  name: 'products',
  label: { zh: '产品', en: 'Product' },
  pluralLabel: { zh: '产品', en: 'Products' },
  titleField: 'name',
  subtitleFields: ['sku', 'list_price'],
  searchable: true,
  icon: 'shopping',
  defaultSort: 'name',
  fields: [
    field('name', '产品名称', 'Name', 'text', { required: true, searchable: true, maxLength: 200, indexed: true }),
    field('sku', '产品编码', 'SKU', 'text', { searchable: true, maxLength: 100, unique: true }),
    field('unit', '单位', 'Unit', 'text', { maxLength: 20, defaultValue: '件' }),
    field('list_price', '标准价格', 'List price', 'currency', { min: 0 }),
    field('active', '在售', 'Active', 'boolean', { defaultValue: true }),
    field('description', '产品描述', 'Description', 'long_text'),
  ],
};

export const priceBooks: ObjectDefinitionInput = {
  name: 'price_books',
  label: { zh: '价格表', en: 'Price book' },
  pluralLabel: { zh: '价格表', en: 'Price books' },
  titleField: 'name',
  subtitleFields: ['currency'],
  icon: 'table',
  defaultSort: 'name',
  fields: [
    field('name', '价格表名称', 'Name', 'text', { required: true, maxLength: 200 }),
    field('currency', '币种', 'Currency', 'select', { options: CURRENCIES, defaultValue: 'CNY', required: true }),
    field('active', '启用', 'Active', 'boolean', { defaultValue: true }),
    field('description', '说明', 'Description', 'long_text'),
  ],
};

export const priceBookEntries: ObjectDefinitionInput = {
  name: 'price_book_entries',
  label: { zh: '价格表条目', en: 'Price book entry' },
  pluralLabel: { zh: '价格表条目', en: 'Price book entries' },
  titleField: 'product_name',
  subtitleFields: ['price'],
  icon: 'tag',
  fields: [
    relation('price_book_id', '价格表', 'Price book', 'price_books', 'entries', '价格条目', 'Entries', { required: true, indexed: true }),
    relation('product_id', '产品', 'Product', 'products', 'price_book_entries', '价格表价格', 'Price book prices', { required: true, indexed: true }),
    field('price', '价格', 'Price', 'currency', { required: true, min: 0 }),
    field('product_name', '产品名称', 'Product name', 'text', { system: true }),
  ],
};

export const PRODUCT_OBJECTS = [products, priceBooks, priceBookEntries];
