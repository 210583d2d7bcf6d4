import type { RolePermissions } from '@crm/schema';
import { useQuery } from '@tanstack/react-query';
import { get } from './client';

export interface Me {
  user: {
    id: string;
    email: string;
    name: string;
    locale: 'zh-CN' | 'en';
    role_id: string;
    team_id: string | null;
    /** A generated password: the app asks for a new one before anything else. */
    must_change_password?: boolean;
    role: { key: string; name_zh: string; name_en: string };
  };
  permissions: RolePermissions;
}

export const meKey = ['auth', 'me'] as const;

export function useMe() {
  return useQuery({ queryKey: meKey, queryFn: () => get<Me>('/api/auth/me'), retry: false, staleTime: 60_000 });
}
