import { useQuery } from '@tanstack/react-query';
import { get } from './client';

export interface UserSummary {
  id: string;
  name: string;
  /** Administrators only: other users see id, name, team and active. */
  email?: string;
  team_id: string | null;
  active: boolean;
  role_id?: string;
  locale?: string;
  created_at?: string;
}

/** The user directory (all users with e-mail for admins, active ones' names otherwise); used by pickers and to show names. */
export function useUsers() {
  return useQuery({
    queryKey: ['users'],
    queryFn: async () => (await get<{ data: UserSummary[] }>('/api/v1/users')).data,
    staleTime: 60_000,
  });
}

export function useUserName(id: string | null | undefined): string | undefined {
  const { data } = useUsers();
  return id ? data?.find((u) => u.id === id)?.name : undefined;
}
