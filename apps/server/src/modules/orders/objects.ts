import type { ObjectDefinitionInput } from '@crm/schema';
import { field, options, relation } from '../define.js';
import { lineItemFields } from '../quotes/objects.js';

export const ORDER_STATUSES = options(
  ['signed', '已签约', 'Signed', 'blue'],
  ['in_progress', '执行中', 'In progress', 'orange'],
  ['completed', '已完成', 'Completed', 'green'],
  ['cancelled', '已作废', 'Cancelled', 'default'],
);

export const PLAN_STATUSES = options(
  ['pending', '未回款', 'Pending', 'default'],
  ['partial', '部分回款', 'Partly paid', 'orange'],
  ['paid', '已回款', 'Paid', 'green'],
);

export const PAYMENT_METHODS = options(
  ['bank_transfer', '银行转账', 'Bank transfer'],
  ['cash', '现金', 'Cash'],
  ['cheque', '支票', 'Cheque'],
  ['alipay', '支付宝', 'Alipay'],
  ['wechat_pay', '微信支付', 'WeChat Pay'],
  ['other', '其他', 'Other'],
);

/** 合同/订单: what was sold, with terms; received/outstanding are kept by the payment hooks. */
export const orders: ObjectDefinitionInput = {
  name: 'orders',
  label: { zh: '订单', en: 'Order' },
  pluralLabel: { zh: '订单', en: 'Orders' },
  titleField: 'name',
  subtitleFields: ['order_no', 'total_amount', 'outstanding_amount'],
  searchable: true,
  icon: 'audit',
  defaultSort: '-signed_on',
  fields: [
    field('name', '合同名称', 'Name', 'text', { required: true, searchable: true, maxLength: 200 }),
    field('order_no', '合同编号', 'Order no.', 'text', { system: true, searchable: true, indexed: true }),
    relation('customer_id', '客户', 'Customer', 'customers', 'orders', '订单', 'Orders', { required: true, indexed: true }),
    relation('deal_id', '商机', 'Deal', 'deals', 'orders', '订单', 'Orders', { indexed: true }),
    relation('contact_id', '联系人', 'Contact', 'contacts', 'orders', '订单', 'Orders'),
    relation('quote_id', '来源报价单', 'Quote', 'quotes', 'orders', '订单', 'Orders', { indexed: true }),
    field('total_amount', '合同金额', 'Total', 'currency', { required: true, min: 0 }),
    field('received_amount', '已回款', 'Received', 'currency', { system: true }),
    // total − received: hidden with the total.
    field('outstanding_amount', '待回款', 'Outstanding', 'currency', { system: true, derivedFrom: ['total_amount'] }),
    field('signed_on', '签约日期', 'Signed on', 'date', { indexed: true }),
    field('status', '状态', 'Status', 'select', { options: ORDER_STATUSES, defaultValue: 'signed', required: true, indexed: true }),
    field('delivery_date', '交付日期', 'Delivery date', 'date'),
    field('delivery_terms', '交付条款', 'Delivery terms', 'long_text'),
    field('payment_terms', '付款条款', 'Payment terms', 'long_text'),
    field('description', '备注', 'Notes', 'long_text'),
  ],
};

export const orderLineItems: ObjectDefinitionInput = {
  name: 'order_line_items',
  label: { zh: '订单明细', en: 'Order line' },
  pluralLabel: { zh: '订单明细', en: 'Order lines' },
  titleField: 'description',
  subtitleFields: ['quantity', 'line_total'],
  icon: 'unordered-list',
  defaultSort: 'position',
  fields: [
    relation('order_id', '订单', 'Order', 'orders', 'line_items', '订单明细', 'Line items', { required: true, indexed: true }),
    ...lineItemFields(['order_line_items', '订单明细', 'Order lines'], 'orders.total_amount'),
  ],
};

/** 回款计划: one instalment; paid_amount/status follow the order's payments (oldest instalment first). */
export const paymentPlans: ObjectDefinitionInput = {
  name: 'payment_plans',
  label: { zh: '回款计划', en: 'Payment plan' },
  pluralLabel: { zh: '回款计划', en: 'Payment plans' },
  titleField: 'name',
  subtitleFields: ['due_on', 'amount', 'status'],
  icon: 'schedule',
  defaultSort: 'due_on',
  fields: [
    field('name', '期次', 'Instalment', 'text', { maxLength: 100 }),
    relation('order_id', '订单', 'Order', 'orders', 'payment_plans', '回款计划', 'Payment plans', { required: true, indexed: true }),
    relation('customer_id', '客户', 'Customer', 'customers', 'payment_plans', '回款计划', 'Payment plans', { system: true, indexed: true }),
    field('due_on', '计划回款日期', 'Due on', 'date', { required: true, indexed: true }),
    // Instalments split the order's total: hidden with it.
    field('amount', '计划回款金额', 'Amount', 'currency', { required: true, min: 0, derivedFrom: ['orders.total_amount'] }),
    field('paid_amount', '已回款', 'Paid', 'currency', { system: true }),
    field('status', '状态', 'Status', 'select', { options: PLAN_STATUSES, system: true, indexed: true }),
    field('description', '备注', 'Notes', 'long_text'),
  ],
};

/** 回款记录: money received against an order. */
export const payments: ObjectDefinitionInput = {
  name: 'payments',
  label: { zh: '回款记录', en: 'Payment' },
  pluralLabel: { zh: '回款记录', en: 'Payments' },
  titleField: 'payment_no',
  subtitleFields: ['amount', 'received_on'],
  icon: 'pay-circle',
  defaultSort: '-received_on',
  fields: [
    field('payment_no', '回款编号', 'Payment no.', 'text', { system: true, indexed: true }),
    relation('order_id', '订单', 'Order', 'orders', 'payments', '回款记录', 'Payments', { required: true, indexed: true }),
    relation('customer_id', '客户', 'Customer', 'customers', 'payments', '回款记录', 'Payments', { system: true, indexed: true }),
    relation('deal_id', '商机', 'Deal', 'deals', 'payments', '回款记录', 'Payments', { system: true, indexed: true }),
    relation('plan_id', '回款计划', 'Payment plan', 'payment_plans', 'payments', '回款记录', 'Payments'),
    field('amount', '回款金额', 'Amount', 'currency', { required: true, min: 0.01 }),
    field('received_on', '回款日期', 'Received on', 'date', { indexed: true }),
    field('method', '付款方式', 'Method', 'select', { options: PAYMENT_METHODS, defaultValue: 'bank_transfer' }),
    field('description', '备注', 'Notes', 'long_text'),
  ],
};

export const ORDER_OBJECTS = [orders, orderLineItems, paymentPlans, payments];
