import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, get } from '../../api/client';

export interface SiteInput {
  name: string;
  allowedOrigins: string[];
  retentionDays: number;
  honourDnt: boolean;
  requireConsent: boolean;
  active: boolean;
}

export interface TrackingSite extends SiteInput {
  id: string;
  siteKey: string;
  scriptUrl: string;
  snippet: string;
  eventsLastDay?: number;
  lastEventAt?: string | null;
}

export interface TopItem {
  key: string;
  label: string | null;
  count: number;
  lastAt: string;
}

export interface Interests {
  events: number;
  pageViews: number;
  visits: number;
  firstAt: string | null;
  lastAt: string | null;
  topPages: TopItem[];
  downloads: TopItem[];
  customEvents: TopItem[];
}

const KEY = ['tracking-sites'];

export const useTrackingSites = () => useQuery({ queryKey: KEY, queryFn: async () => (await get<{ data: TrackingSite[] }>('/api/v1/tracking/sites')).data });

export function useSaveSite() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...input }: SiteInput & { id?: string }) => api<{ data: TrackingSite }>(id ? 'PUT' : 'POST', id ? `/api/v1/tracking/sites/${id}` : '/api/v1/tracking/sites', input),
    onSuccess: () => qc.invalidateQueries({ queryKey: KEY }),
  });
}

export function useDeleteSite() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (id: string) => api('DELETE', `/api/v1/tracking/sites/${id}`), onSuccess: () => qc.invalidateQueries({ queryKey: KEY }) });
}

export const useInterests = (object: string, id: string) =>
  useQuery({ queryKey: ['tracking-interests', object, id], queryFn: async () => (await get<{ data: Interests }>(`/api/v1/tracking/interests/${object}/${id}`)).data });
