import { useQuery } from '@tanstack/react-query';
import { get, post } from '../../api/client';

export interface KbSuggestion {
  id: string;
  slug: string;
  title: string;
  excerpt: string;
  text: string;
  visibility: 'internal' | 'public';
  url: string | null;
}

export interface KbVersion {
  id: string;
  title: string;
  createdAt: string;
  createdBy: { id: string; name: string | null } | null;
}

export const versionsKey = (id: string) => ['kb', 'versions', id];

export function useKbSuggestions(ticketId: string, q: string) {
  return useQuery({
    queryKey: ['kb', 'suggest', ticketId, q],
    queryFn: async () => (await get<{ data: KbSuggestion[] }>('/api/v1/kb/suggest', { ticket: ticketId, q: q || undefined })).data,
    placeholderData: (previous) => previous,
  });
}

export function useKbVersions(id: string | undefined) {
  return useQuery({ queryKey: versionsKey(id ?? ''), enabled: Boolean(id), queryFn: async () => (await get<{ data: KbVersion[] }>(`/api/v1/kb_articles/${id}/versions`)).data });
}

export const kbApi = {
  preview: (body: string) => post<{ data: { html: string } }>('/api/v1/kb/preview', { body }),
  version: (id: string, versionId: string) => get<{ data: { id: string; title: string; body: string } }>(`/api/v1/kb_articles/${id}/versions/${versionId}`),
  restore: (id: string, versionId: string) => post<{ data: Record<string, unknown> & { id: string; version: number } }>(`/api/v1/kb_articles/${id}/versions/${versionId}/restore`),
};

/** A public article's address in this install's help centre (the server's url when it knows CRM_PUBLIC_URL). */
export const publicLink = (s: KbSuggestion) => (s.url?.startsWith('http') ? s.url : `${window.location.origin}${s.url ?? ''}`);
