import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';

export const money = (n: unknown, currency = 'CNY') =>
  `${currency} ${Number(n ?? 0).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

export const amountOf = (v: unknown) => (v as { amount?: number } | null)?.amount ?? 0;

/** After a write on a quote, order or payment, every cached record list/detail may be stale. */
export function useRefreshRecords() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: ['records'] });
}

export const quoteApi = {
  revise: (id: string) => api<{ data: { id: string } }>('POST', `/api/v1/quotes/${id}/revise`, {}),
  createOrder: (id: string, body: Record<string, unknown>) => api<{ data: { id: string } }>('POST', `/api/v1/quotes/${id}/order`, body),
  pdfUrl: (id: string) => `/api/v1/quotes/${id}/pdf`,
};
