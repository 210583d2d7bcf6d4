import type { CurrencyValue, RegionValue } from '@crm/schema';
import type { TFunction } from 'i18next';
import type { Field } from '../../api/meta';
import { messageText } from './messageValue';
import { formatDateTime, formatMoney, formatNumber, formatRegion } from './format';
import { isBlank } from './types';

export interface TextContext {
  /** Picks the zh or en half of a metadata label (useLabel()). */
  label: (l: { zh: string; en: string } | undefined | null) => string;
  t: TFunction;
  /** User id → name, when the directory is loaded. */
  userName?: (id: string) => string | undefined;
}

/** A field value as one line of plain text, the way its FieldDisplay shows it (tooltips, change summaries). */
export function displayText(field: Field, value: unknown, ctx: TextContext): string {
  if (isBlank(value)) return '—';
  const option = (v: unknown) => {
    const o = field.options?.find((x) => x.value === v);
    return o ? ctx.label(o.label) : String(v);
  };
  switch (field.type) {
    case 'currency': {
      const c = value as CurrencyValue;
      return formatMoney(Number(c.amount), c.currency);
    }
    case 'region':
      return formatRegion(value as RegionValue) || '—';
    case 'select':
      return option(value);
    case 'multi_select':
      return (value as unknown[]).map(option).join(', ');
    case 'tags':
      return (value as unknown[]).map(String).join(', ');
    case 'boolean':
      return value ? ctx.t('common.yes') : ctx.t('common.no');
    case 'datetime':
      return formatDateTime(String(value));
    case 'integer':
    case 'decimal':
      return formatNumber(Number(value));
    case 'percent':
      return `${formatNumber(Number(value))}%`;
    case 'user':
      return ctx.userName?.(String(value)) ?? String(value);
    default:
      return messageText(String(value), ctx.t);
  }
}
