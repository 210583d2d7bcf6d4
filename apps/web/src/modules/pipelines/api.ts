import type { Forecast, LikelyDuplicate, Pipeline, PipelineStage, SalesTarget, StageSummary } from '@crm/schema';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, del, get, post } from '../../api/client';
import type { RecordData } from '../../api/records';

export type { Pipeline, PipelineStage as Stage, StageSummary };

export function usePipelines() {
  return useQuery({ queryKey: ['pipelines'], queryFn: () => get<{ data: Pipeline[] }>('/api/v1/pipelines').then((r) => r.data) });
}

export function useSavePipeline() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ key, body }: { key: string; body: Omit<Pipeline, 'key'> }) => api<{ data: Pipeline }>('PUT', `/api/v1/pipelines/${key}`, body),
    // Stage options of deals.stage change with the pipelines.
    onSuccess: () => qc.invalidateQueries(),
  });
}

export function useDeletePipeline() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (key: string) => del(`/api/v1/pipelines/${key}`), onSuccess: () => qc.invalidateQueries() });
}

export function stageSummaryKey(pipeline: string, q?: string) {
  return ['deals', 'pipeline-summary', pipeline, q ?? ''];
}

export function useStageSummary(pipeline: string | undefined, q?: string) {
  return useQuery({
    queryKey: stageSummaryKey(pipeline ?? '', q),
    enabled: Boolean(pipeline),
    queryFn: () => get<{ data: StageSummary[] }>(`/api/v1/pipelines/${pipeline}/summary`, { q: q || undefined }).then((r) => r.data),
  });
}

export function useForecast(params: { from: string; to: string; by: 'user' | 'team'; pipeline?: string }) {
  return useQuery({
    queryKey: ['deals', 'forecast', params],
    queryFn: () => get<{ data: Forecast }>('/api/v1/forecast', { ...params }).then((r) => r.data),
  });
}

export function useTargets(from: string, to: string) {
  return useQuery({ queryKey: ['sales-targets', from, to], queryFn: () => get<{ data: SalesTarget[] }>('/api/v1/sales-targets', { from, to }).then((r) => r.data) });
}

export function useSetTarget() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { month: string; userId?: string; teamId?: string; amount: number; currency: string }) => api<{ data: SalesTarget }>('PUT', '/api/v1/sales-targets', body),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['sales-targets'] });
      void qc.invalidateQueries({ queryKey: ['deals', 'forecast'] });
    },
  });
}

export interface ConversionPreview {
  lead: RecordData;
  defaults: { customer: RecordData; contact: RecordData; deal: RecordData };
  suggestions: LikelyDuplicate<RecordData>[];
}

export const conversionPreview = (leadId: string) => get<{ data: ConversionPreview }>(`/api/v1/leads/${leadId}/conversion`).then((r) => r.data);
export const convertLead = (leadId: string, body: unknown) => post<{ data: { customer: RecordData; contact: RecordData; deal: RecordData | null } }>(`/api/v1/leads/${leadId}/convert`, body).then((r) => r.data);
