import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { del, get, post } from './client';

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** The full secret comes back only in the create answer; the server keeps a hash. */
export type CreatedApiKey = Pick<ApiKey, 'id' | 'name' | 'prefix' | 'created_at'> & { key: string };

const key = ['auth', 'api-keys'] as const;

export function useApiKeys() {
  return useQuery({ queryKey: key, queryFn: async () => (await get<{ data: ApiKey[] }>('/api/auth/api-keys')).data });
}

export function useCreateApiKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (name: string) => (await post<{ data: CreatedApiKey }>('/api/auth/api-keys', { name })).data,
    onSuccess: () => qc.invalidateQueries({ queryKey: key }),
  });
}

export function useRevokeApiKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => del(`/api/auth/api-keys/${id}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: key }),
  });
}
