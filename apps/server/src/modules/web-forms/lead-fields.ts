import { field } from '../define.js';

/** UTM parameters (utm_source … utm_content) a web form copies from the visitor's page URL. */
export const UTM_KEYS = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'] as const;

/**
 * Where a lead came from and why it has its owner. Fields of leads (sales/objects.ts spreads them):
 * plain fields, so imports and the API may fill them too; assignment_reason is written by the
 * assign_owner automation action and read-only for people.
 */
export const LEAD_CAPTURE_FIELDS = [
  field('utm_source', 'UTM 来源', 'UTM source', 'text', { maxLength: 200 }),
  field('utm_medium', 'UTM 媒介', 'UTM medium', 'text', { maxLength: 200 }),
  field('utm_campaign', 'UTM 活动', 'UTM campaign', 'text', { maxLength: 200 }),
  field('utm_term', 'UTM 关键词', 'UTM term', 'text', { maxLength: 200 }),
  field('utm_content', 'UTM 内容', 'UTM content', 'text', { maxLength: 200 }),
  field('landing_page', '提交页面', 'Page URL', 'url'),
  field('referrer', '来源页面', 'Referrer', 'url'),
  field('web_form', '网站表单', 'Web form', 'text', { maxLength: 200 }),
  field('assignment_reason', '分配原因', 'Why assigned', 'text', { maxLength: 500, system: true }),
];
