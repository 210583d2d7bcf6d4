import type { ObjectDefinitionInput } from '@crm/schema';
import { field, options, relation } from '../../define.js';

export const COUPON_STATUSES = ['issued', 'redeemed', 'expired'] as const;

/** 优惠券: an unguessable code worth an amount or a percentage, issued to a customer or contact. */
export const coupons: ObjectDefinitionInput = {
  name: 'coupons',
  label: { zh: '优惠券', en: 'Coupon' },
  pluralLabel: { zh: '优惠券', en: 'Coupons' },
  titleField: 'code',
  subtitleFields: ['status', 'valid_until'],
  searchable: true,
  icon: 'gift',
  defaultSort: '-created_at',
  fields: [
    // Made by the module (crypto random, readable alphabet); never typed in.
    field('code', '券码', 'Code', 'text', { system: true, unique: true, indexed: true, searchable: true, maxLength: 40 }),
    field('kind', '优惠方式', 'Kind', 'select', {
      required: true,
      defaultValue: 'amount',
      options: options(['amount', '减免金额', 'Amount off', 'blue'], ['percent', '折扣比例', 'Percent off', 'purple']),
    }),
    field('amount', '减免金额', 'Amount off', 'currency', { min: 0.01 }),
    field('percent', '折扣比例 (%)', 'Percent off', 'percent', { min: 0.01, max: 100 }),
    field('valid_from', '生效日期', 'Valid from', 'date'),
    field('valid_until', '有效期至', 'Valid until', 'date', { required: true, indexed: true }),
    relation('customer_id', '客户', 'Customer', 'customers', 'coupons', '优惠券', 'Coupons', { indexed: true }),
    relation('contact_id', '联系人', 'Contact', 'contacts', 'coupons', '优惠券', 'Coupons', { indexed: true }),
    relation('campaign_id', '市场活动', 'Campaign', 'campaigns', 'coupons', '优惠券', 'Coupons', { indexed: true }),
    field('status', '状态', 'Status', 'select', {
      system: true,
      indexed: true,
      options: options(['issued', '已发放', 'Issued', 'blue'], ['redeemed', '已核销', 'Redeemed', 'green'], ['expired', '已过期', 'Expired', 'default']),
    }),
    relation('order_id', '核销订单', 'Redeemed on order', 'orders', 'coupons', '优惠券', 'Coupons', { system: true, indexed: true }),
    field('redeemed_at', '核销时间', 'Redeemed at', 'datetime', { system: true }),
    field('description', '备注', 'Notes', 'long_text'),
  ],
};
