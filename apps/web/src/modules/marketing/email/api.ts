import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, post } from '../../../api/client';
import { useInvalidateRecords } from '../../../api/records';

export interface TemplateContent {
  subject_zh: string;
  body_zh: string;
  subject_en?: string | null;
  body_en?: string | null;
}

export type MailLocale = 'zh' | 'en';
export const FIGURES = ['all', 'queued', 'delivered', 'skipped', 'opened', 'clicked', 'unsubscribed', 'bounced', 'failed'] as const;
export type Figure = (typeof FIGURES)[number];

export interface SendReport {
  send: { id: string; name: string; status: string; startedAt: string | null; finishedAt: string | null };
  figures: Record<Figure, number>;
  skipped: Record<string, number>;
}

export interface Recipient {
  id: string;
  state: string;
  skipReason: string | null;
  error: string | null;
  sentAt: string | null;
  openedAt: string | null;
  clickedAt: string | null;
  contactId: string | null;
  leadId: string | null;
  name: string | null;
  /** The language it was written in: the person's own, else the send's. */
  locale: 'zh' | 'en' | null;
  email: string | null;
  opens: number;
  clicks: number;
}

/** The template as edited, rendered by the server (sanitised, filled for the chosen contact). */
export function usePreview(content: TemplateContent, contactId: string | null, locale: MailLocale) {
  return useQuery({
    queryKey: ['marketing', 'preview', content, contactId, locale],
    queryFn: async () => (await post<{ data: { subject: string; html: string } }>('/api/v1/marketing/email/preview', { template: content, locale, ...(contactId ? { contactId } : {}) })).data,
    placeholderData: (previous) => previous,
  });
}

export const testSend = (content: TemplateContent, contactId: string | null, locale: MailLocale, to: string) =>
  post('/api/v1/marketing/email/test-send', { template: content, locale, to, ...(contactId ? { contactId } : {}) });

/** The send's figures; refreshed every few seconds while it is sending. */
export function useSendReport(id: string) {
  return useQuery({
    queryKey: ['marketing', 'send', id],
    queryFn: async () => (await get<{ data: SendReport }>(`/api/v1/marketing_sends/${id}/report`)).data,
    refetchInterval: (query) => (query.state.data?.send.status === 'sending' ? 3000 : false),
  });
}

export function useRecipients(id: string, filter: Figure, page: number, size: number) {
  return useQuery({
    queryKey: ['marketing', 'send', id, 'recipients', filter, page, size],
    queryFn: () => get<{ data: Recipient[]; total: number }>(`/api/v1/marketing_sends/${id}/recipients`, { filter, limit: size, offset: (page - 1) * size }),
  });
}

/** Start or cancel; the report, the recipients and the record refresh. */
export function useSendAction(id: string) {
  const client = useQueryClient();
  const invalidate = useInvalidateRecords();
  return useMutation({
    mutationFn: (action: 'start' | 'cancel') => post(`/api/v1/marketing_sends/${id}/${action}`),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['marketing', 'send', id] });
      invalidate();
    },
  });
}
