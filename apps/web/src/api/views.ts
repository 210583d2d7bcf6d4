import type { Filter } from '@crm/schema';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, del, get, post } from './client';

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

/**
 * Saved views live on the server (/api/v1/views). Until that endpoint exists on a server (404),
 * they are kept in this browser's localStorage so the feature still works.
 */
const LOCAL_KEY = 'crm.views';
function localViews(): SavedView[] {
  try {
    return JSON.parse(localStorage.getItem(LOCAL_KEY) ?? '[]') as SavedView[];
  } catch {
    return [];
  }
}
function saveLocal(views: SavedView[]) {
  localStorage.setItem(LOCAL_KEY, JSON.stringify(views));
}
const missing = (e: unknown) => e instanceof ApiError && e.status === 404 && /views/.test(e.message) && !/record/.test(e.message);

export function useViews(object: string) {
  return useQuery({
    queryKey: ['views', object],
    queryFn: async () => {
      try {
        return (await get<{ data: SavedView[] }>('/api/v1/views', { object })).data;
      } catch (e) {
        if (missing(e)) return localViews().filter((v) => v.object === object);
        throw e;
      }
    },
  });
}

export function useCreateView() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (view: Omit<SavedView, 'id'>) => {
      try {
        return (await post<{ data: SavedView }>('/api/v1/views', view)).data;
      } catch (e) {
        if (!missing(e)) throw e;
        const saved = { ...view, id: crypto.randomUUID() };
        saveLocal([...localViews(), saved]);
        return saved;
      }
    },
    onSuccess: (_d, v) => qc.invalidateQueries({ queryKey: ['views', v.object] }),
  });
}

export function useDeleteView(object: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => {
      try {
        await del(`/api/v1/views/${id}`);
      } catch (e) {
        if (!missing(e)) throw e;
        saveLocal(localViews().filter((v) => v.id !== id));
      }
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: ['views', object] }),
  });
}
