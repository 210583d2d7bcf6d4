import type { ObjectDefinitionInput } from '@crm/schema';
import { field, options, relation } from '../../define.js';

export const CAMPAIGN_TYPES = ['trade_show', 'online', 'email', 'ads', 'webinar', 'other'] as const;

export const campaigns: ObjectDefinitionInput = {
  name: 'campaigns',
  label: { zh: '市场活动', en: 'Campaign' },
  pluralLabel: { zh: '市场活动', en: 'Campaigns' },
  titleField: 'name',
  subtitleFields: ['type', 'status', 'start_date'],
  searchable: true,
  icon: 'notification',
  defaultSort: '-start_date',
  fields: [
    field('name', '活动名称', 'Name', 'text', { required: true, searchable: true, maxLength: 200 }),
    field('type', '活动类型', 'Type', 'select', {
      required: true,
      defaultValue: 'other',
      options: options(
        ['trade_show', '展会', 'Trade show', 'purple'],
        ['online', '线上推广', 'Online promotion', 'blue'],
        ['email', '邮件', 'E-mail', 'cyan'],
        ['ads', '广告', 'Ads', 'orange'],
        ['webinar', '研讨会', 'Webinar', 'green'],
        ['other', '其他', 'Other'],
      ),
    }),
    field('status', '状态', 'Status', 'select', {
      required: true,
      defaultValue: 'planned',
      options: options(['planned', '计划中', 'Planned', 'default'], ['active', '进行中', 'Active', 'blue'], ['completed', '已完成', 'Completed', 'green'], ['cancelled', '已取消', 'Cancelled', 'red']),
    }),
    field('start_date', '开始日期', 'Start date', 'date', { indexed: true }),
    field('end_date', '结束日期', 'End date', 'date'),
    field('budget', '预算', 'Budget', 'currency', { min: 0 }),
    field('expected_revenue', '预期收入', 'Expected revenue', 'currency', { min: 0 }),
    // Leads whose UTM campaign (or web form) equals these belong to the campaign (see report.ts).
    field('utm_campaign', 'UTM 活动', 'UTM campaign', 'text', { maxLength: 200, indexed: true }),
    field('web_form', '网站表单', 'Web form', 'text', { maxLength: 200 }),
    field('description', '说明', 'Description', 'long_text'),
  ],
};

export const campaignCosts: ObjectDefinitionInput = {
  name: 'campaign_costs',
  label: { zh: '活动费用', en: 'Campaign cost' },
  pluralLabel: { zh: '活动费用', en: 'Campaign costs' },
  titleField: 'note',
  subtitleFields: ['date', 'amount'],
  icon: 'account-book',
  defaultSort: '-date',
  fields: [
    relation('campaign_id', '市场活动', 'Campaign', 'campaigns', 'costs', '费用明细', 'Cost lines', { required: true, indexed: true }),
    field('date', '日期', 'Date', 'date', { required: true }),
    field('amount', '金额', 'Amount', 'currency', { required: true, min: 0 }),
    field('note', '说明', 'Note', 'text', { required: true, maxLength: 500 }),
  ],
};

export const MEMBER_STATUSES = ['sent', 'opened', 'clicked', 'responded', 'converted'] as const;
/** Statuses that count as a response in the report. */
export const RESPONDED = ['responded', 'converted'];

export const campaignMembers: ObjectDefinitionInput = {
  name: 'campaign_members',
  label: { zh: '活动成员', en: 'Campaign member' },
  pluralLabel: { zh: '活动成员', en: 'Campaign members' },
  titleField: 'name',
  subtitleFields: ['status'],
  icon: 'team',
  defaultSort: 'name',
  fields: [
    relation('campaign_id', '市场活动', 'Campaign', 'campaigns', 'members', '活动成员', 'Members', { required: true, indexed: true }),
    relation('contact_id', '联系人', 'Contact', 'contacts', 'campaign_members', '参与活动', 'Campaigns', { indexed: true }),
    relation('lead_id', '线索', 'Lead', 'leads', 'campaign_members', '参与活动', 'Campaigns', { indexed: true }),
    // Filled from the contact or lead by a hook, so lists show who the member is.
    field('name', '成员', 'Member', 'text', { maxLength: 200, system: true }),
    field('status', '状态', 'Status', 'select', {
      required: true,
      defaultValue: 'sent',
      options: options(['sent', '已发送', 'Sent'], ['opened', '已打开', 'Opened', 'blue'], ['clicked', '已点击', 'Clicked', 'cyan'], ['responded', '已响应', 'Responded', 'green'], ['converted', '已转化', 'Converted', 'gold']),
    }),
  ],
};

export const CAMPAIGN_OBJECTS = [campaigns, campaignCosts, campaignMembers];
