import type { Filter } from '@crm/schema';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, get } from '../../api/client';

export interface Trigger {
  kind: string;
  [setting: string]: unknown;
}

export interface Action {
  type: string;
  [setting: string]: unknown;
}

export interface RuleInput {
  name: string;
  description: string;
  object: string | null;
  trigger: Trigger;
  conditions: Filter | null;
  actions: Action[];
  enabled: boolean;
}

export interface Rule extends RuleInput {
  id: string;
  builtinKey: string | null;
  lastRunAt: string | null;
  failures: number;
}

export interface ActionRun {
  id: string;
  position: number;
  type: string;
  status: string;
  result: unknown;
  error: string | null;
  attempts: number;
  duration_ms: number | null;
}

export interface Run {
  id: string;
  rule_id: string;
  rule_name: string;
  object: string | null;
  record_id: string | null;
  depth: number;
  status: 'pending' | 'done' | 'failed' | 'not_matched' | 'stopped';
  conditions: { matched: boolean; details: { field: string; op: string; value?: unknown; actual: unknown; matched: boolean }[] } | null;
  error: string | null;
  started_at: string;
  duration_ms: number | null;
  event: { topic: string };
  actions: ActionRun[];
}

export interface DryRunResult {
  matched: boolean;
  conditions: NonNullable<Run['conditions']>['details'];
  actions: { position: number; type: string; description: string }[];
}

const RULES = ['automation', 'rules'];

export function useRules() {
  return useQuery({ queryKey: RULES, queryFn: async () => (await get<{ data: Rule[] }>('/api/v1/automation/rules')).data });
}

export function useRuns(ruleId: string | undefined) {
  return useQuery({
    queryKey: ['automation', 'runs', ruleId],
    enabled: !!ruleId,
    queryFn: async () => (await get<{ data: Run[] }>('/api/v1/automation/runs', { ruleId, limit: 100 })).data,
    refetchInterval: 3000,
  });
}

/** A condition another module registered ($segment: the record is in a segment), its value a record of valueObject. */
export interface ModuleCondition {
  name: string;
  label: { zh: string; en: string };
  objects: string[];
  valueObject: string;
  /** The value record's field naming the object it applies to: the picker offers only the rule's. */
  valueObjectField?: string;
}

interface Catalog {
  triggers: string[];
  actions: string[];
  conditions?: ModuleCondition[];
  timeZone: string;
}

export function useCatalog() {
  return useQuery({
    queryKey: ['automation', 'catalog'],
    queryFn: async () => (await get<{ data: Catalog }>('/api/v1/automation/catalog')).data,
    staleTime: 60_000,
  });
}

export function useCronPreview(cron: string | undefined) {
  return useQuery({
    queryKey: ['automation', 'cron', cron],
    enabled: !!cron && cron.trim().split(/\s+/).length >= 5,
    retry: false,
    queryFn: async () => (await get<{ data: { timeZone: string; next: string[] } }>('/api/v1/automation/cron-preview', { cron })).data,
  });
}

export function useSaveRule() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, rule }: { id?: string; rule: RuleInput }) =>
      id ? api<{ data: Rule }>('PUT', `/api/v1/automation/rules/${id}`, rule) : api<{ data: Rule }>('POST', '/api/v1/automation/rules', rule),
    onSuccess: () => qc.invalidateQueries({ queryKey: RULES }),
  });
}

export function useToggleRule() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, enabled }: { id: string; enabled: boolean }) => api('PATCH', `/api/v1/automation/rules/${id}`, { enabled }),
    onSuccess: () => qc.invalidateQueries({ queryKey: RULES }),
  });
}

export function useDeleteRule() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api('DELETE', `/api/v1/automation/rules/${id}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: RULES }),
  });
}

export function useRetryRun() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api('POST', `/api/v1/automation/runs/${id}/retry`),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['automation'] }),
  });
}

export function dryRun(rule: RuleInput, recordId: string | null) {
  return api<{ data: DryRunResult }>('POST', '/api/v1/automation/dry-run', { rule, recordId });
}
