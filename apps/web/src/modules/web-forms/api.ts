import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, get } from '../../api/client';

export interface FormField {
  field: string;
  labelZh: string;
  labelEn: string;
  required: boolean;
}

export interface WebFormInput {
  name: string;
  source: string;
  fields: FormField[];
  titleZh?: string | null;
  titleEn?: string | null;
  thankYouZh?: string | null;
  thankYouEn?: string | null;
  redirectUrl?: string | null;
  campaignId?: string | null;
  active: boolean;
}

export interface WebForm extends WebFormInput {
  id: string;
  token: string;
  pageUrl: string;
  submitUrl: string;
  embedSnippet: string;
  submissions?: { created: number; linked: number; spam: number };
}

export interface FormableField {
  name: string;
  label: { zh: string; en: string };
  type: string;
  required: boolean;
}

const KEY = ['web-forms'];

export const useWebForms = () => useQuery({ queryKey: KEY, queryFn: async () => (await get<{ data: WebForm[] }>('/api/v1/web-forms')).data });
export const useFormableFields = () => useQuery({ queryKey: [...KEY, 'fields'], queryFn: async () => (await get<{ data: FormableField[] }>('/api/v1/web-forms/fields')).data });

export function useSaveWebForm() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...input }: WebFormInput & { id?: string }) => api<{ data: WebForm }>(id ? 'PUT' : 'POST', id ? `/api/v1/web-forms/${id}` : '/api/v1/web-forms', input),
    onSuccess: () => qc.invalidateQueries({ queryKey: KEY }),
  });
}

export function useDeleteWebForm() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (id: string) => api('DELETE', `/api/v1/web-forms/${id}`), onSuccess: () => qc.invalidateQueries({ queryKey: KEY }) });
}
