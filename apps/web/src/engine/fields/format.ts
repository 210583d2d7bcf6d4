import type { RegionValue } from '@crm/schema';
import dayjs from 'dayjs';
import i18next from 'i18next';

/** Money in the UI language: ¥3145万 in Chinese, ¥31.5M in English (¥, not CN¥, either way). */
export function formatMoney(amount: number, currency = 'CNY', compact = false): string {
  const en = i18next.language === 'en';
  try {
    return new Intl.NumberFormat(en ? 'en-US' : 'zh-CN', {
      style: 'currency',
      currency,
      currencyDisplay: 'narrowSymbol',
      minimumFractionDigits: compact ? 0 : 2,
      maximumFractionDigits: compact ? (en ? 1 : 0) : 2,
      notation: compact && Math.abs(amount) >= 100_000 ? 'compact' : 'standard',
    }).format(amount);
  } catch {
    return `${currency} ${amount}`;
  }
}

export const formatDate = (v: string) => v;
export const formatDateTime = (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm');

export function formatRegion(v: RegionValue | null | undefined): string {
  if (!v) return '';
  // Municipalities repeat themselves (北京市 / 北京市); show them once.
  return [v.province, v.city !== v.province ? v.city : undefined, v.district].filter(Boolean).join(' / ');
}

export const formatNumber = (v: number) => new Intl.NumberFormat('zh-CN').format(v);
