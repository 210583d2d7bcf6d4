import { useMutation, useQuery } from '@tanstack/react-query';
import { post } from '../../api/client';
import { useInvalidateRecords } from '../../api/records';

/** Records per object (only objects with any). */
export type Counts = Record<string, number>;

const transfer = async (body: { fromUserId: string; toUserId?: string; objects?: string[]; dryRun?: boolean }) =>
  (await post<{ data: Counts }>('/api/v1/admin/owner-transfer', body)).data;

/** What a user owns now, per object: the transfer's dry run, so the counts are exactly what would move. */
export function useOwnedCounts(userId: string) {
  return useQuery({ queryKey: ['owner-transfer', userId], queryFn: () => transfer({ fromUserId: userId, dryRun: true }), staleTime: 0, gcTime: 0 });
}

/** Fetches a user's counts once, outside React (after a deactivation, to offer the transfer). */
export const ownedCounts = (userId: string) => transfer({ fromUserId: userId, dryRun: true });

export function useOwnerTransfer() {
  const invalidate = useInvalidateRecords();
  return useMutation({ mutationFn: (body: { fromUserId: string; toUserId: string; objects: string[] }) => transfer(body), onSuccess: invalidate });
}
