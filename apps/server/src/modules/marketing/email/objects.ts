import type { ObjectDefinitionInput } from '@crm/schema';
import { field, options, relation } from '../../define.js';

export const CONSENT_STATES = ['opted_in', 'opted_out', 'unknown'] as const;

/**
 * Marketing consent on contacts (PIPL): the state a user or the unsubscribe link sets, and when
 * and from where it last changed (stamped by a hook, see consent.ts; every change is in the audit).
 */
export const CONSENT_FIELDS = [
  field('marketing_consent', '营销邮件同意', 'Marketing consent', 'select', {
    defaultValue: 'unknown',
    indexed: true,
    options: options(['opted_in', '已同意', 'Opted in', 'green'], ['opted_out', '已退订', 'Opted out', 'red'], ['unknown', '未征得同意', 'Not asked', 'default']),
  }),
  field('marketing_consent_source', '同意来源', 'Consent source', 'text', { maxLength: 200 }),
  field('marketing_consent_at', '同意状态变更时间', 'Consent changed at', 'datetime', { system: true }),
];

/** The language a person reads marketing e-mail in; empty: the send's language. */
export const LANGUAGE_FIELD = field('language', '邮件语言', 'E-mail language', 'select', {
  options: options(['zh', '中文', 'Chinese'], ['en', '英文', 'English']),
});

/** Objects a send reaches: consent and language on each (leads as well as contacts). */
export const RECIPIENT_OBJECTS = ['contacts', 'leads'] as const;
export type RecipientObject = (typeof RECIPIENT_OBJECTS)[number];

export const marketingTemplates: ObjectDefinitionInput = {
  name: 'marketing_templates',
  label: { zh: '邮件模板', en: 'E-mail template' },
  pluralLabel: { zh: '邮件模板', en: 'E-mail templates' },
  titleField: 'name',
  subtitleFields: ['subject_zh'],
  searchable: true,
  icon: 'mail',
  defaultSort: 'name',
  fields: [
    field('name', '模板名称', 'Name', 'text', { required: true, searchable: true, maxLength: 200 }),
    field('subject_zh', '主题（中文）', 'Subject (Chinese)', 'text', { required: true, maxLength: 300 }),
    // Sanitised HTML (see template-checks.ts); {{contact.name | 客户}} placeholders.
    field('body_zh', '正文（中文，HTML）', 'Body (Chinese, HTML)', 'long_text', { required: true, maxLength: 100_000 }),
    field('subject_en', '主题（英文）', 'Subject (English)', 'text', { maxLength: 300 }),
    field('body_en', '正文（英文，HTML）', 'Body (English, HTML)', 'long_text', { maxLength: 100_000 }),
  ],
};

export const SEND_STATUSES = ['draft', 'sending', 'completed', 'cancelled'] as const;

export const marketingSends: ObjectDefinitionInput = {
  name: 'marketing_sends',
  label: { zh: '邮件群发', en: 'E-mail send' },
  pluralLabel: { zh: '邮件群发', en: 'E-mail sends' },
  titleField: 'name',
  subtitleFields: ['status', 'started_at'],
  searchable: true,
  icon: 'send',
  defaultSort: '-created_at',
  fields: [
    field('name', '名称', 'Name', 'text', { required: true, searchable: true, maxLength: 200 }),
    relation('template_id', '邮件模板', 'Template', 'marketing_templates', 'sends', '群发记录', 'Sends', { required: true, indexed: true }),
    // The audience: a segment of contacts or leads, or a campaign's members (one of the two).
    relation('segment_id', '客户分群', 'Segment', 'segments', 'marketing_sends', '邮件群发', 'E-mail sends', { indexed: true }),
    relation('campaign_id', '市场活动', 'Campaign', 'campaigns', 'marketing_sends', '邮件群发', 'E-mail sends', { indexed: true }),
    // For recipients whose own e-mail language is empty.
    field('locale', '默认语言', 'Default language', 'select', { required: true, defaultValue: 'zh', options: options(['zh', '中文', 'Chinese'], ['en', '英文', 'English']) }),
    field('rate_per_minute', '每分钟发送上限', 'Messages per minute', 'integer', { required: true, defaultValue: 600, min: 1, max: 60_000 }),
    // Set by the start / cancel routes and the worker (audited like any change), never by the form.
    field('status', '状态', 'Status', 'select', {
      system: true,
      defaultValue: 'draft',
      options: options(['draft', '草稿', 'Draft'], ['sending', '发送中', 'Sending', 'blue'], ['completed', '已完成', 'Completed', 'green'], ['cancelled', '已取消', 'Cancelled', 'red']),
    }),
    field('started_at', '开始时间', 'Started at', 'datetime', { system: true }),
  ],
};
