import type { Filter } from '@crm/schema';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { del, get, post } from './client';

/** What a saved view remembers about a list. */
export interface ViewConfig {
  columns: string[];
  filter?: Filter;
  sort?: string;
}

export interface SavedView {
  id: string;
  object: string;
  name: string;
  config: ViewConfig;
}

/** Saved views live on the server (/api/v1/views), one set per user. */
export function useViews(object: string) {
  return useQuery({
    queryKey: ['views', object],
    queryFn: async () => (await get<{ data: SavedView[] }>('/api/v1/views', { object })).data,
  });
}

export function useCreateView() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (view: Omit<SavedView, 'id'>) => (await post<{ data: SavedView }>('/api/v1/views', view)).data,
    onSuccess: (_d, v) => qc.invalidateQueries({ queryKey: ['views', v.object] }),
  });
}

export function useDeleteView(object: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => del(`/api/v1/views/${id}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['views', object] }),
  });
}
