import type { FieldDefinition } from '@crm/schema';

/** How a value reads in a message: the recipient's language and the install's time zone. */
export interface DisplayOptions {
  locale: string;
  timeZone: string;
}

const intlLocale = (locale: string) => (locale === 'en' ? 'en-US' : 'zh-CN');

/** 2040年6月1日 11:00 / Jun 1, 2040, 11:00 (24-hour in both), in the install's time zone. */
export function formatDateTime(iso: string, { locale, timeZone }: DisplayOptions): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23', timeZone }).format(at);
}

/** A calendar date (no time zone applies): 2040年6月1日 / Jun 1, 2040. */
export function formatDate(date: string, { locale }: DisplayOptions): string {
  const at = new Date(`${date.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(at.getTime())) return date;
  return new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'medium', timeZone: 'UTC' }).format(at);
}

/**
 * A field's value as people read it: option labels instead of stored keys, dates and times in the
 * install's time zone, money with its currency, 是/否. Relations and users are named by the caller
 * (they need a lookup); anything else reads as itself.
 */
export function formatFieldValue(field: FieldDefinition, value: unknown, options: DisplayOptions): string {
  if (value === null || value === undefined || value === '') return '';
  const en = options.locale === 'en';
  const optionLabel = (v: unknown) => {
    const option = field.options?.find((o) => o.value === v);
    return option ? (en ? option.label.en : option.label.zh) : String(v);
  };
  switch (field.type) {
    case 'datetime':
      return formatDateTime(String(value), options);
    case 'date':
      return formatDate(String(value), options);
    case 'select':
      return optionLabel(value);
    case 'multi_select':
      return (Array.isArray(value) ? value : [value]).map(optionLabel).join(en ? ', ' : '、');
    case 'boolean':
      return value ? (en ? 'Yes' : '是') : en ? 'No' : '否';
    case 'percent':
      return `${value}%`;
    case 'currency': {
      const { amount, currency } = value as { amount?: number | string; currency?: string };
      if (amount === undefined || amount === null) return '';
      try {
        return new Intl.NumberFormat(intlLocale(options.locale), { style: 'currency', currency: currency || 'CNY' }).format(Number(amount));
      } catch {
        return `${amount} ${currency ?? ''}`.trim();
      }
    }
  }
  if (Array.isArray(value)) return value.join(en ? ', ' : '、');
  if (typeof value === 'object') return Object.values(value as Record<string, unknown>).filter(Boolean).join(' ');
  return String(value);
}
