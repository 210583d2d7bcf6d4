import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { SCORING_ACTIVITIES, type RolePermissions, type ScoreReason, type ScoredObject, type ScoringActivity, type ScoringRuleInput } from '@crm/schema';
import { api, get, post } from '../../api/client';

export { SCORING_ACTIVITIES as ACTIVITIES };
export type { ScoreReason, ScoredObject };
export type Activity = ScoringActivity;
export type RuleInput = ScoringRuleInput;
export interface ScoringRule extends RuleInput {
  id: string;
  createdAt: string;
  updatedAt: string;
}

export interface ScoreCard {
  id: string;
  score: number | null;
  current?: number;
  reasons: ScoreReason[];
  visible: boolean;
}

const KEY = ['lead-scoring', 'rules'];

export function useScoringRules() {
  return useQuery({ queryKey: KEY, queryFn: () => get<{ data: ScoringRule[]; canEdit: boolean }>('/api/v1/lead-scoring/rules') });
}

/** Scores change after a rule is saved (the rescore runs in the background): lists and cards read again. */
function useInvalidate() {
  const qc = useQueryClient();
  return () => Promise.all([qc.invalidateQueries({ queryKey: KEY }), qc.invalidateQueries({ queryKey: ['records'] })]);
}

export function useSaveRule() {
  const done = useInvalidate();
  return useMutation({
    mutationFn: ({ id, ...input }: RuleInput & { id?: string }) =>
      id ? api<{ data: ScoringRule }>('PATCH', `/api/v1/lead-scoring/rules/${id}`, input) : post<{ data: ScoringRule }>('/api/v1/lead-scoring/rules', input),
    onSuccess: done,
  });
}

export function useDeleteRule() {
  const done = useInvalidate();
  return useMutation({ mutationFn: (id: string) => api('DELETE', `/api/v1/lead-scoring/rules/${id}`), onSuccess: done });
}

export function useRecompute() {
  const done = useInvalidate();
  return useMutation({ mutationFn: () => post<{ data: { object: string; records: number; changed: number }[] }>('/api/v1/lead-scoring/recompute'), onSuccess: done });
}

export function useScoreCard(object: string, id: string) {
  // Under ['records'], so it refreshes with every record write.
  return useQuery({ queryKey: ['records', object, 'score-card', id], queryFn: async () => (await get<{ data: ScoreCard }>(`/api/v1/lead-scoring/${object}/${id}`)).data });
}

/** Whether the user may open the rules (市场专员 reads, 市场经理 and admins edit). */
export function readsScoringRules(p: RolePermissions | undefined): boolean {
  if (!p) return false;
  return p.admin || ((p.objects.scoring_rules ?? p.objects['*'])?.read ?? 'none') !== 'none';
}
