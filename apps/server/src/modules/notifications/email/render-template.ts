/** {{ path.to.value }} placeholders; a missing value renders as nothing. Plain text, so no escaping. */
const PLACEHOLDER = /\{\{\s*([a-zA-Z_][\w]*(?:\.[a-zA-Z_][\w]*)*)\s*\}\}/g;

export type TemplateVars = Record<string, unknown>;

export function renderTemplate(text: string, vars: TemplateVars): string {
  return text.replace(PLACEHOLDER, (_, path: string) => {
    let value: unknown = vars;
    for (const part of path.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
    return value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  });
}

export interface TemplateTexts {
  subject_zh: string;
  body_zh: string;
  subject_en: string;
  body_en: string;
}

/** The subject and body in the recipient's language (zh-CN unless 'en'). */
export function renderEmail(template: TemplateTexts, locale: string | undefined, vars: TemplateVars) {
  const en = locale === 'en';
  return {
    subject: renderTemplate(en ? template.subject_en : template.subject_zh, vars).replace(/\s+/g, ' ').trim(),
    text: renderTemplate(en ? template.body_en : template.body_zh, vars),
  };
}

/** Sample data for the template preview in the admin UI. */
export const SAMPLE_VARS: TemplateVars = {
  user: { name: '张伟', email: 'zhang.wei@example.com' },
  record: { name: '北京青松科技有限公司' },
  title: '示例通知标题',
  body: '这是一条示例通知内容。',
  link: 'https://crm.example.com/o/customers/123',
  due: '2026-11-24 09:00',
};
