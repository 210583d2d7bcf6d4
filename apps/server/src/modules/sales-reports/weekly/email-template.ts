import type { DefaultTemplate } from '../../notifications/email/default-templates.js';

/**
 * The weekly report e-mail (inserted by migration 011; admins may edit it under Settings → 邮件).
 * Variables: {{subject}} (rep or team), {{week.from}}, {{week.to}}, {{leads}}, {{followUps}},
 * {{followUpTypesZh}} / {{followUpTypesEn}}, {{created}}, {{createdAmount}}, {{won}}, {{wonAmount}},
 * {{lost}}, {{lostAmount}}, {{pipelineStart}}, {{pipelineEnd}}, {{pipelineChange}}, {{payments}},
 * {{paymentsAmount}}, {{link}}.
 */
export const WEEKLY_REPORT_TEMPLATE: DefaultTemplate = {
  key: 'weekly_report',
  name: '销售周报 / Weekly sales report',
  subjectZh: '销售周报 {{week.from}} ~ {{week.to}}：{{subject}}',
  bodyZh: [
    '{{user.name}}，您好：',
    '',
    '{{subject}} 的销售周报（{{week.from}} 至 {{week.to}}）：',
    '· 新增线索：{{leads}} 条',
    '· 跟进记录：{{followUps}} 次（{{followUpTypesZh}}）',
    '· 新建商机：{{created}} 个，金额 {{createdAmount}}',
    '· 赢单：{{won}} 个，金额 {{wonAmount}}',
    '· 输单：{{lost}} 个，金额 {{lostAmount}}',
    '· 进行中商机金额：周初 {{pipelineStart}} → 周末 {{pipelineEnd}}（变化 {{pipelineChange}}）',
    '· 回款：{{payments}} 笔，金额 {{paymentsAmount}}',
    '',
    '查看完整周报：{{link}}',
  ].join('\n'),
  subjectEn: 'Weekly sales report {{week.from}} – {{week.to}}: {{subject}}',
  bodyEn: [
    'Hello {{user.name}},',
    '',
    'Weekly sales report of {{subject}} ({{week.from}} to {{week.to}}):',
    '· New leads: {{leads}}',
    '· Follow-ups: {{followUps}} ({{followUpTypesEn}})',
    '· Deals created: {{created}}, amount {{createdAmount}}',
    '· Deals won: {{won}}, amount {{wonAmount}}',
    '· Deals lost: {{lost}}, amount {{lostAmount}}',
    '· Open pipeline: {{pipelineStart}} at the start → {{pipelineEnd}} at the end (change {{pipelineChange}})',
    '· Payments received: {{payments}}, amount {{paymentsAmount}}',
    '',
    'Open the full report: {{link}}',
  ].join('\n'),
};
