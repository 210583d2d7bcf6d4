import type { RolePermissions } from '@crm/schema';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { del, get, patch, post } from './client';

export interface Team {
  id: string;
  name: string;
  parent_id: string | null;
  /** The team's manager: automation's "notify the owner's manager" reaches this user. */
  lead_user_id: string | null;
}

export interface Role {
  id: string;
  key: string;
  name_zh: string;
  name_en: string;
  builtin: boolean;
  permissions: RolePermissions;
}

export function useTeams() {
  return useQuery({ queryKey: ['teams'], queryFn: async () => (await get<{ data: Team[] }>('/api/v1/teams')).data });
}

export function useRoles() {
  return useQuery({ queryKey: ['roles'], queryFn: async () => (await get<{ data: Role[] }>('/api/v1/roles')).data });
}

/** A mutation that refreshes the given query keys afterwards. */
export function useAdminMutation<V>(fn: (vars: V) => Promise<unknown>, keys: string[][]) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => keys.forEach((queryKey) => qc.invalidateQueries({ queryKey })),
  });
}

export const adminApi = { get, post, patch, del };
