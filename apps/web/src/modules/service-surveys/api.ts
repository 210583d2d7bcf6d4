import type { NpsFigure, RolePermissions } from '@crm/schema';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, get, post } from '../../api/client';

export type QuestionType = 'rating' | 'nps' | 'single' | 'multiple' | 'text';
export interface Bilingual {
  zh: string;
  en: string;
}
export interface Question {
  id: string;
  type: QuestionType;
  label: Bilingual;
  required: boolean;
  options?: { value: string; label: Bilingual }[];
}
export interface Survey {
  id: string;
  title: Bilingual;
  intro: Bilingual;
  status: 'draft' | 'open' | 'closed';
  questions: Question[];
  createdAt: string;
  invited?: number;
  responses?: number;
}
export type SurveyBody = Pick<Survey, 'title' | 'intro' | 'status' | 'questions'>;
export type Nps = NpsFigure;
export interface SurveyResults {
  survey: Survey;
  responses: number;
  invited: number;
  questions: { questionId: string; type: QuestionType; count: number; average: number | null; distribution: Record<string, number>; nps: Nps | null }[];
  trend: { week: string; responses: number; nps: Nps | null; rating: number | null }[];
}
export interface SurveyResponse {
  id: string;
  contactId: string | null;
  contactName: string | null;
  createdAt: string;
  updatedAt: string;
  answers: Record<string, number | string | string[]>;
}

const BASE = '/api/v1/service/surveys';

/** Same rule as the server: admins, or update scope 'all' on surveys (客服主管). */
export function managesSurveys(p: RolePermissions | undefined): boolean {
  if (!p) return false;
  return p.admin || (p.objects.surveys ?? p.objects['*'])?.update === 'all';
}
export function readsSurveys(p: RolePermissions | undefined): boolean {
  if (!p) return false;
  return p.admin || ((p.objects.surveys ?? p.objects['*'])?.read ?? 'none') !== 'none';
}

export const useSurveys = () => useQuery({ queryKey: ['surveys'], queryFn: async () => (await get<{ data: Survey[] }>(BASE)).data });
export const useSurvey = (id: string | undefined) => useQuery({ queryKey: ['surveys', id], enabled: !!id, queryFn: async () => (await get<{ data: Survey }>(`${BASE}/${id}`)).data });
export const useSurveyResults = (id: string) => useQuery({ queryKey: ['surveys', id, 'results'], queryFn: async () => (await get<{ data: SurveyResults }>(`${BASE}/${id}/results`)).data });
export const useSurveyResponses = (id: string, page: number, limit = 20) =>
  useQuery({ queryKey: ['surveys', id, 'responses', page], queryFn: () => get<{ data: SurveyResponse[]; total: number }>(`${BASE}/${id}/responses`, { limit, offset: (page - 1) * limit }) });

export function useSaveSurvey(id?: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (body: SurveyBody) => (id ? await api<{ data: Survey }>('PUT', `${BASE}/${id}`, body) : await post<{ data: Survey }>(BASE, body)).data,
    onSuccess: () => qc.invalidateQueries({ queryKey: ['surveys'] }),
  });
}

export function useDeleteSurvey() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (id: string) => api('DELETE', `${BASE}/${id}`), onSuccess: () => qc.invalidateQueries({ queryKey: ['surveys'] }) });
}

export interface SendBody {
  segment?: string;
  filter?: unknown;
  q?: string;
  resend?: boolean;
}
export interface ContactSurveys {
  invited: number;
  answered: number;
  lastAnsweredAt: string | null;
}
export const useContactSurveys = (contactId: string, enabled: boolean) =>
  useQuery({ queryKey: ['surveys', 'contact', contactId], enabled, queryFn: async () => (await get<{ data: ContactSurveys }>(`${BASE}/contacts/${contactId}`)).data });

export function useSendSurvey(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (body: SendBody) => (await post<{ data: { queued: number } }>(`${BASE}/${id}/send`, body)).data,
    onSuccess: () => qc.invalidateQueries({ queryKey: ['surveys'] }),
  });
}
