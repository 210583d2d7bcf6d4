import { useQuery } from '@tanstack/react-query';
import { api, get } from '../../api/client';

export interface TicketMessage {
  id: string;
  kind: 'reply' | 'note';
  direction: 'in' | 'out';
  author: { userId: string | null; contactId: string | null; name: string | null; email: string | null };
  text: string;
  attachments: { id: string; filename: string; contentType: string; size: number }[];
  droppedAttachments: { filename?: string; reason?: string }[];
  createdAt: string;
}

export interface CannedReply {
  id: string;
  title: string;
  body: string;
}

export const messagesKey = (ticketId: string) => ['service', 'messages', ticketId];

export function useTicketMessages(ticketId: string) {
  return useQuery({ queryKey: messagesKey(ticketId), queryFn: async () => (await get<{ data: TicketMessage[] }>(`/api/v1/tickets/${ticketId}/messages`)).data });
}

export function useCannedReplies() {
  return useQuery({ queryKey: ['service', 'canned'], queryFn: async () => (await get<{ data: CannedReply[] }>('/api/v1/service/canned-replies')).data });
}

export const serviceApi = {
  send: (ticketId: string, body: { kind: 'reply' | 'note'; text: string; lastSeenMessageId: string | null; force: boolean; mentions: string[]; status?: string; attachments?: { filename: string; contentType: string; contentBase64: string }[] }) =>
    api<{ data: { id: string; mailed: boolean } }>('POST', `/api/v1/tickets/${ticketId}/messages`, body),
  renderCanned: (ticketId: string, replyId: string) => get<{ data: { title: string; text: string } }>(`/api/v1/tickets/${ticketId}/canned-replies/${replyId}`),
  replying: (ticketId: string) => api<{ data: { others: { id: string; name: string }[] } }>('POST', `/api/v1/tickets/${ticketId}/replying`, {}),
  stopReplying: (ticketId: string) => api('DELETE', `/api/v1/tickets/${ticketId}/replying`),
  merge: (ticketId: string, targetId: string) => api<{ data: { mergedInto: string } }>('POST', `/api/v1/tickets/${ticketId}/merge`, { targetId }),
  split: (ticketId: string, messageId: string) => api<{ data: { id: string; number: string } }>('POST', `/api/v1/tickets/${ticketId}/messages/${messageId}/split`, {}),
  attachmentUrl: (ticketId: string, attachmentId: string) => `/api/v1/tickets/${ticketId}/attachments/${attachmentId}`,
};
