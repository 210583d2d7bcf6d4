import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, get, post } from '../../api/client';

export type ChatStatus = 'waiting' | 'active' | 'ended' | 'missed';

export interface ChatMessage {
  id: string;
  author: 'visitor' | 'agent' | 'system';
  agentName: string | null;
  text: string;
  createdAt: string;
  file: { id: string; filename: string; contentType: string; size: number } | null;
}

export interface ChatSession {
  id: string;
  status: ChatStatus;
  visitorName: string | null;
  visitorEmail: string | null;
  language: string;
  pageUrl: string | null;
  contactId: string | null;
  customerId: string | null;
  agentId: string | null;
  agentName: string | null;
  ticketId: string | null;
  ticketNumber: string | null;
  startedAt: string;
  lastMessage: string | null;
  groupId: string | null;
  groupName: string | null;
  topic: string | null;
  visitorMessages: number;
}

export interface ChatTopic {
  key: string;
  zh: string;
  en: string;
  groupId: string | null;
}

export interface ChatSettings {
  enabled: boolean;
  allowedOrigins: string[];
  greetingZh: string;
  greetingEn: string;
  offlineZh: string;
  offlineEn: string;
  defaultGroupId: string | null;
  topics: ChatTopic[];
  missedAfterSeconds: number;
  widgetUrl: string;
  snippet: string;
}

export const chatKeys = {
  all: ['chat'] as const,
  sessions: ['chat', 'sessions'] as const,
  session: (id: string) => ['chat', 'session', id] as const,
  agent: ['chat', 'agent'] as const,
  settings: ['chat', 'settings'] as const,
};

/** The console's chats; elsewhere (the nav's count) `poll` refetches now and then, as no stream is open there. */
export const useChatSessions = (options: { enabled?: boolean; poll?: boolean } = {}) =>
  useQuery({
    queryKey: chatKeys.sessions,
    queryFn: async () => (await get<{ data: ChatSession[] }>('/api/v1/chat/sessions')).data,
    enabled: options.enabled ?? true,
    refetchInterval: options.poll ? 20_000 : false,
  });

export const useChatSession = (id: string) =>
  useQuery({ queryKey: chatKeys.session(id), queryFn: async () => (await get<{ data: ChatSession & { messages: ChatMessage[] } }>(`/api/v1/chat/sessions/${id}`)).data });

export const useAvailability = () => useQuery({ queryKey: chatKeys.agent, queryFn: async () => (await get<{ data: { online: boolean } }>('/api/v1/chat/agent')).data });

export function useSetAvailability() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (online: boolean) => api<{ data: { online: boolean } }>('PUT', '/api/v1/chat/agent', { online }),
    onSuccess: (res) => qc.setQueryData(chatKeys.agent, res.data),
  });
}

/** Accept, reply and end: each refetches the chat lists (the stream would too, a moment later). */
export function useChatAction<T, R>(fn: (input: T) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => void qc.invalidateQueries({ queryKey: chatKeys.all }) });
}

export const chatApi = {
  accept: (id: string) => post<{ data: ChatSession }>(`/api/v1/chat/sessions/${id}/accept`),
  send: (id: string, text: string) => post<{ data: ChatMessage }>(`/api/v1/chat/sessions/${id}/messages`, { text }),
  end: (id: string, createTicket: boolean) => post<{ data: ChatSession }>(`/api/v1/chat/sessions/${id}/end`, { createTicket }),
  typing: (id: string) => post<void>(`/api/v1/chat/sessions/${id}/typing`),
  sendFile: (id: string, file: File) => {
    const form = new FormData();
    form.append('file', file);
    return api<{ data: ChatMessage }>('POST', `/api/v1/chat/sessions/${id}/files`, form);
  },
  fileUrl: (id: string, fileId: string) => `/api/v1/chat/sessions/${id}/files/${fileId}`,
  newToken: () => post<{ data: ChatSettings }>('/api/v1/chat/settings/token'),
};

export const useChatSettings = () => useQuery({ queryKey: chatKeys.settings, queryFn: async () => (await get<{ data: ChatSettings }>('/api/v1/chat/settings')).data });
