import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, post } from '../../api/client';
import { useInvalidateRecords } from '../../api/records';

const countKey = (id: string) => ['segments', 'count', id];

/** Members the user may read, live. */
export function useSegmentCount(id: string) {
  return useQuery({
    queryKey: countKey(id),
    queryFn: async () => (await get<{ data: { object: string; total: number } }>(`/api/v1/segments/${id}/count`)).data,
  });
}

/** Adds or removes static members by id; the count and lists refresh. */
export function useMembership(id: string) {
  const client = useQueryClient();
  const invalidate = useInvalidateRecords();
  return useMutation({
    mutationFn: ({ remove, ids }: { remove?: boolean; ids: string[] }) => post(`/api/v1/segments/${id}/members${remove ? '/remove' : ''}`, { ids }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: countKey(id) });
      invalidate();
    },
  });
}
