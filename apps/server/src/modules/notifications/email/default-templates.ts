/**
 * E-mail templates shipped with the CRM (inserted by migration 003; admins may edit them, not
 * delete them). Keys match the notification kinds, so notify() finds the template of a kind by key.
 * Variables: {{user.name}} (the recipient), {{record.name}}, {{title}}, {{body}}, {{link}}, {{due}}.
 */
export interface DefaultTemplate {
  key: string;
  name: string;
  subjectZh: string;
  bodyZh: string;
  subjectEn: string;
  bodyEn: string;
}

export const DEFAULT_TEMPLATES: DefaultTemplate[] = [
  {
    key: 'task_reminder',
    name: '任务提醒 / Task reminder',
    subjectZh: '任务提醒：{{record.name}}',
    bodyZh: '{{user.name}}，您好：\n\n您的任务「{{record.name}}」将于 {{due}} 到期。\n\n查看任务：{{link}}',
    subjectEn: 'Task reminder: {{record.name}}',
    bodyEn: 'Hello {{user.name}},\n\nYour task "{{record.name}}" is due {{due}}.\n\nOpen the task: {{link}}',
  },
  {
    key: 'record_assigned',
    name: '记录分配给您 / Record assigned to you',
    subjectZh: '{{record.name}} 已分配给您',
    bodyZh: '{{user.name}}，您好：\n\n{{title}}\n{{body}}\n\n查看详情：{{link}}',
    subjectEn: '{{record.name}} was assigned to you',
    bodyEn: 'Hello {{user.name}},\n\n{{title}}\n{{body}}\n\nOpen it: {{link}}',
  },
  {
    key: 'no_follow_up',
    name: '未跟进提醒 / No follow-up alert',
    subjectZh: '跟进提醒：{{record.name}} 已长时间未跟进',
    bodyZh: '{{user.name}}，您好：\n\n{{title}}\n{{body}}\n\n请尽快跟进：{{link}}',
    subjectEn: 'Follow-up alert: no follow-up on {{record.name}}',
    bodyEn: 'Hello {{user.name}},\n\n{{title}}\n{{body}}\n\nPlease follow up: {{link}}',
  },
  {
    key: 'general',
    name: '通用通知 / Generic notification',
    subjectZh: '{{title}}',
    bodyZh: '{{user.name}}，您好：\n\n{{title}}\n{{body}}\n\n{{link}}',
    subjectEn: '{{title}}',
    bodyEn: 'Hello {{user.name}},\n\n{{title}}\n{{body}}\n\n{{link}}',
  },
];
