import type { ObjectDefinitionInput } from '@crm/schema';
import { field, options, relation } from '../define.js';
import { countryOptions } from './countries.js';
import { LEAD_CAPTURE_FIELDS } from '../web-forms/lead-fields.js';

export const CUSTOMER_STATUSES = options(
  ['prospect', '潜在客户', 'Prospect', 'blue'],
  ['active', '成交客户', 'Active', 'green'],
  ['vip', '重要客户', 'VIP', 'gold'],
  ['dormant', '沉睡客户', 'Dormant', 'default'],
  ['lost', '流失客户', 'Lost', 'red'],
);

/** Where leads, customers and deals come from (a deal's lead source: the same list). */
const SOURCES = options(
  ['website', '官网', 'Website'],
  ['referral', '客户推荐', 'Referral'],
  ['event', '展会活动', 'Event'],
  ['ads', '广告投放', 'Ads'],
  ['cold_call', '电话拜访', 'Cold call'],
  ['other', '其他', 'Other'],
);

const INDUSTRIES = options(
  ['it', '信息技术', 'IT'],
  ['manufacturing', '制造业', 'Manufacturing'],
  ['finance', '金融', 'Finance'],
  ['education', '教育', 'Education'],
  ['healthcare', '医疗健康', 'Healthcare'],
  ['retail', '零售', 'Retail'],
  ['other', '其他', 'Other'],
);

/** Stages of the standard pipeline; their probabilities and further pipelines live in pipeline_stages (modules/pipelines). */
const STAGES = options(
  ['initial', '初步接洽', 'Initial contact', 'blue'],
  ['qualified', '需求确认', 'Qualified', 'cyan'],
  ['proposal', '方案报价', 'Proposal', 'geekblue'],
  ['negotiation', '谈判审核', 'Negotiation', 'orange'],
  ['won', '赢单', 'Won', 'green'],
  ['lost', '输单', 'Lost', 'red'],
);
/** What kind of business a deal is (Salesforce Type, HubSpot deal type). */
const DEAL_TYPES = options(
  ['new_business', '新客户', 'New business', 'blue'],
  ['existing_business', '老客户增购', 'Existing business', 'cyan'],
  ['renewal', '续约', 'Renewal', 'green'],
);
const PIPELINES = options(['standard', '标准销售流程', 'Standard pipeline']);
/** Why deals are lost or won; an admin may edit these options like any select's. */
export const LOST_REASONS = options(
  ['price', '价格因素', 'Price'],
  ['competitor', '输给竞争对手', 'Lost to competitor'],
  ['no_budget', '预算不足', 'No budget'],
  ['no_decision', '客户无决策', 'No decision'],
  ['product_fit', '产品不匹配', 'Product fit'],
  ['other', '其他', 'Other'],
);
export const WON_REASONS = options(
  ['price', '价格优势', 'Price'],
  ['product', '产品能力', 'Product'],
  ['relationship', '客户关系', 'Relationship'],
  ['service', '服务口碑', 'Service'],
  ['other', '其他', 'Other'],
);

/** Follow-ups and tasks can hang off any customer, contact, lead or deal; each gets a reverse list. */
function attachedTo(reverseName: string, reverseZh: string, reverseEn: string) {
  return [
    relation('customer_id', '客户', 'Customer', 'customers', reverseName, reverseZh, reverseEn),
    relation('contact_id', '联系人', 'Contact', 'contacts', reverseName, reverseZh, reverseEn),
    relation('lead_id', '线索', 'Lead', 'leads', reverseName, reverseZh, reverseEn),
    relation('deal_id', '商机', 'Deal', 'deals', reverseName, reverseZh, reverseEn),
  ];
}

export const customers: ObjectDefinitionInput = {
  name: 'customers',
  label: { zh: '客户', en: 'Customer' },
  pluralLabel: { zh: '客户', en: 'Customers' },
  titleField: 'name',
  subtitleFields: ['phone', 'email'],
  searchable: true,
  icon: 'bank',
  defaultSort: '-created_at',
  fields: [
    field('name', '客户名称', 'Name', 'text', { required: true, searchable: true, maxLength: 200, indexed: true }),
    field('status', '客户状态', 'Status', 'select', { options: CUSTOMER_STATUSES, defaultValue: 'prospect', indexed: true }),
    field('industry', '行业', 'Industry', 'select', { options: INDUSTRIES }),
    field('source', '来源', 'Source', 'select', { options: SOURCES }),
    field('phone', '电话', 'Phone', 'phone', { searchable: true }),
    field('email', '邮箱', 'Email', 'email', { searchable: true }),
    field('website', '网站', 'Website', 'url'),
    // The address as real exports carry it: country, then province / city / district in the region
    // (normalised to China's divisions; a foreign state is kept as written), street, postal code.
    field('country', '国家/地区', 'Country', 'select', { options: countryOptions() }),
    field('region', '地区', 'Region', 'region'),
    field('address', '详细地址', 'Address', 'text', { maxLength: 300 }),
    field('postal_code', '邮编', 'Postal code', 'text', { maxLength: 20 }),
    field('employees', '员工人数', 'Employees', 'integer', { min: 0, max: 10_000_000 }),
    field('annual_revenue', '年营业额', 'Annual revenue', 'currency', { min: 0 }),
    field('tags', '标签', 'Tags', 'tags'),
    field('last_activity_at', '最近跟进', 'Last follow-up', 'datetime', { system: true }),
    field('description', '备注', 'Notes', 'long_text'),
  ],
};

export const contacts: ObjectDefinitionInput = {
  name: 'contacts',
  label: { zh: '联系人', en: 'Contact' },
  pluralLabel: { zh: '联系人', en: 'Contacts' },
  titleField: 'name',
  subtitleFields: ['company', 'mobile', 'email'],
  searchable: true,
  icon: 'user',
  fields: [
    field('name', '姓名', 'Name', 'text', { required: true, searchable: true, maxLength: 100 }),
    relation('customer_id', '所属客户', 'Customer', 'customers', 'contacts', '联系人', 'Contacts'),
    field('company', '公司', 'Company', 'text', { searchable: true, maxLength: 200 }),
    field('title', '职位', 'Job title', 'text', { maxLength: 100 }),
    field('mobile', '手机', 'Mobile', 'phone', { searchable: true }),
    field('phone', '座机', 'Phone', 'phone', { searchable: true }),
    field('email', '邮箱', 'Email', 'email', { searchable: true }),
    field('wechat', '微信', 'WeChat', 'text', { maxLength: 100, searchable: true }),
    field('gender', '性别', 'Gender', 'select', { options: options(['male', '男', 'Male'], ['female', '女', 'Female']) }),
    field('birthday', '生日', 'Birthday', 'date'),
    field('is_primary', '主要联系人', 'Primary contact', 'boolean', { defaultValue: false }),
    field('last_activity_at', '最近跟进', 'Last follow-up', 'datetime', { system: true }),
    field('description', '备注', 'Notes', 'long_text'),
  ],
};

export const leads: ObjectDefinitionInput = {
  name: 'leads',
  label: { zh: '线索', en: 'Lead' },
  pluralLabel: { zh: '线索', en: 'Leads' },
  titleField: 'name',
  subtitleFields: ['company', 'mobile', 'email'],
  searchable: true,
  icon: 'aim',
  fields: [
    field('name', '姓名', 'Name', 'text', { required: true, searchable: true, maxLength: 100 }),
    field('company', '公司', 'Company', 'text', { searchable: true, maxLength: 200 }),
    field('title', '职位', 'Job title', 'text', { maxLength: 100 }),
    field('mobile', '手机', 'Mobile', 'phone', { searchable: true }),
    field('email', '邮箱', 'Email', 'email', { searchable: true }),
    field('status', '线索状态', 'Status', 'select', {
      options: options(['new', '新线索', 'New', 'blue'], ['contacted', '已联系', 'Contacted', 'cyan'], ['qualified', '已确认', 'Qualified', 'green'], ['converted', '已转化', 'Converted', 'purple'], ['unqualified', '无效', 'Unqualified', 'default']),
      defaultValue: 'new',
      indexed: true,
    }),
    field('source', '来源', 'Source', 'select', { options: SOURCES }),
    field('region', '地区', 'Region', 'region'),
    field('tags', '标签', 'Tags', 'tags'),
    field('last_activity_at', '最近跟进', 'Last follow-up', 'datetime', { system: true }),
    field('description', '需求描述', 'Requirements', 'long_text'),
    ...LEAD_CAPTURE_FIELDS,
    // Set by lead conversion (modules/lead-conversion), never by a form.
    relation('converted_customer_id', '转化客户', 'Converted to customer', 'customers', 'converted_leads', '来源线索', 'Source leads', { system: true }),
    relation('converted_contact_id', '转化联系人', 'Converted to contact', 'contacts', 'converted_leads', '来源线索', 'Source leads', { system: true }),
    relation('converted_deal_id', '转化商机', 'Converted to deal', 'deals', 'converted_leads', '来源线索', 'Source leads', { system: true }),
    field('converted_at', '转化时间', 'Converted at', 'datetime', { system: true }),
  ],
};

export const deals: ObjectDefinitionInput = {
  name: 'deals',
  label: { zh: '商机', en: 'Deal' },
  pluralLabel: { zh: '商机', en: 'Deals' },
  titleField: 'name',
  subtitleFields: ['stage', 'amount'],
  searchable: true,
  icon: 'fund',
  fields: [
    field('name', '商机名称', 'Name', 'text', { required: true, searchable: true, maxLength: 200 }),
    relation('customer_id', '客户', 'Customer', 'customers', 'deals', '商机', 'Deals'),
    relation('contact_id', '联系人', 'Contact', 'contacts', 'deals', '商机', 'Deals'),
    field('amount', '金额', 'Amount', 'currency', { min: 0 }),
    field('pipeline', '销售流程', 'Pipeline', 'select', { options: PIPELINES, defaultValue: 'standard' }),
    field('stage', '阶段', 'Stage', 'select', { options: STAGES, defaultValue: 'initial', required: true, indexed: true }),
    field('probability', '赢率', 'Win probability', 'percent', { min: 0, max: 100 }),
    field('expected_close_date', '预计成交日期', 'Expected close', 'date', { indexed: true }),
    field('lost_reason', '输单原因', 'Lost reason', 'select', { options: LOST_REASONS }),
    field('won_reason', '赢单原因', 'Won reason', 'select', { options: WON_REASONS }),
    field('lead_source', '商机来源', 'Lead source', 'select', { options: SOURCES }),
    field('deal_type', '商机类型', 'Type', 'select', { options: DEAL_TYPES }),
    field('next_step', '下一步', 'Next step', 'text', { maxLength: 300 }),
    // Set when a deal is won or lost; an administrator may send a past one (history back-filled).
    field('closed_at', '结束时间', 'Closed at', 'datetime', { system: true, historical: true }),
    field('last_activity_at', '最近跟进', 'Last follow-up', 'datetime', { system: true }),
    field('description', '备注', 'Notes', 'long_text'),
  ],
};

export const activities: ObjectDefinitionInput = {
  name: 'activities',
  label: { zh: '跟进记录', en: 'Follow-up' },
  pluralLabel: { zh: '跟进记录', en: 'Follow-ups' },
  titleField: 'subject',
  subtitleFields: ['type'],
  icon: 'message',
  defaultSort: '-occurred_at',
  timeline: { timeField: 'occurred_at', titleField: 'subject' },
  fields: [
    field('type', '跟进方式', 'Type', 'select', {
      required: true,
      defaultValue: 'call',
      options: options(['call', '电话', 'Call'], ['visit', '拜访', 'Visit'], ['meeting', '会议', 'Meeting'], ['email', '邮件', 'Email'], ['wechat', '微信', 'WeChat'], ['note', '备注', 'Note']),
    }),
    field('subject', '主题', 'Subject', 'text', { required: true, maxLength: 200 }),
    field('content', '内容', 'Details', 'long_text'),
    field('occurred_at', '跟进时间', 'When', 'datetime', { indexed: true }),
    field('next_step', '下一步', 'Next step', 'text', { maxLength: 300 }),
    ...attachedTo('activities', '跟进记录', 'Follow-ups'),
  ],
};

export const tasks: ObjectDefinitionInput = {
  name: 'tasks',
  label: { zh: '任务', en: 'Task' },
  pluralLabel: { zh: '任务', en: 'Tasks' },
  titleField: 'title',
  subtitleFields: ['due_at', 'status'],
  icon: 'check-square',
  defaultSort: 'due_at',
  fields: [
    field('title', '任务', 'Task', 'text', { required: true, maxLength: 200 }),
    field('status', '状态', 'Status', 'select', {
      defaultValue: 'open',
      indexed: true,
      options: options(['open', '未开始', 'Open', 'blue'], ['in_progress', '进行中', 'In progress', 'orange'], ['done', '已完成', 'Done', 'green'], ['cancelled', '已取消', 'Cancelled', 'default']),
    }),
    field('priority', '优先级', 'Priority', 'select', {
      defaultValue: 'normal',
      options: options(['low', '低', 'Low'], ['normal', '普通', 'Normal'], ['high', '高', 'High', 'red']),
    }),
    field('due_at', '截止时间', 'Due', 'datetime', { indexed: true }),
    field('remind_at', '提醒时间', 'Reminder', 'datetime'),
    field('description', '说明', 'Details', 'long_text'),
    ...attachedTo('tasks', '任务', 'Tasks'),
  ],
};

export const SALES_OBJECTS = [customers, contacts, leads, deals, activities, tasks];
