import dayjs from 'dayjs';

export function formatMoney(amount: number, currency = 'CNY', compact = false): string {
  try {
    return new Intl.NumberFormat('zh-CN', {
      style: 'currency',
      currency,
      maximumFractionDigits: compact ? 0 : 2,
      notation: compact && Math.abs(amount) >= 100_000 ? 'compact' : 'standard',
    }).format(amount);
  } catch {
    return `${currency} ${amount}`;
  }
}

export const formatDate = (v: string) => v;
export const formatDateTime = (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm');
