import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, del, get, patch, post } from '../../api/client';

export interface AppNotification {
  id: string;
  kind: string;
  title: string;
  body: string | null;
  link: string | null;
  object: string | null;
  record_id: string | null;
  read_at: string | null;
  created_at: string;
}

export interface ChannelPrefs {
  kind: string;
  inApp: boolean;
  email: boolean;
  robot: boolean;
}
export interface RobotConfig {
  provider: 'wecom' | 'dingtalk';
  webhookUrl: string;
  hasSecret: boolean;
}
export interface Preferences {
  kinds: ChannelPrefs[];
  robot: RobotConfig | null;
}
export interface RobotInput {
  provider: 'wecom' | 'dingtalk';
  webhookUrl: string;
  secret?: string | null;
}

export interface SmtpSettings {
  host: string;
  port: number;
  security: 'none' | 'starttls' | 'tls';
  username: string | null;
  fromName: string;
  fromAddress: string;
  appUrl: string | null;
  hasPassword: boolean;
}
export type SmtpInput = Omit<SmtpSettings, 'hasPassword'> & { password?: string | null };

export interface EmailTemplate {
  key: string;
  name: string;
  subject_zh: string;
  body_zh: string;
  subject_en: string;
  body_en: string;
  builtin: boolean;
  updated_at: string;
}
export interface TemplateInput {
  key: string;
  name: string;
  subjectZh: string;
  bodyZh: string;
  subjectEn: string;
  bodyEn: string;
}

/** Everything under this key is refetched when the live stream says something changed. */
export const notificationsKey = ['notifications'] as const;
const prefsKey = ['notifications', 'preferences'] as const;
const smtpKey = ['email', 'settings'] as const;
const templatesKey = ['email', 'templates'] as const;

export function useNotificationList(limit = 20) {
  return useQuery({
    queryKey: [...notificationsKey, 'list', limit],
    queryFn: () => get<{ data: AppNotification[]; nextCursor: string | null; unread: number }>('/api/v1/notifications', { limit }),
  });
}

export function useUnreadCount() {
  return useQuery({ queryKey: [...notificationsKey, 'unread'], queryFn: async () => (await get<{ count: number }>('/api/v1/notifications/unread-count')).count });
}

export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => post(`/api/v1/notifications/${id}/read`),
    onSuccess: () => qc.invalidateQueries({ queryKey: notificationsKey }),
  });
}

export function useMarkAllRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => post('/api/v1/notifications/read-all'),
    onSuccess: () => qc.invalidateQueries({ queryKey: notificationsKey }),
  });
}

/** My preferences, or (administrators) another user's. */
const prefsPath = (userId?: string) => `/api/v1/notifications/preferences${userId ? `/${userId}` : ''}`;

export function usePreferences(userId?: string) {
  return useQuery({ queryKey: [...prefsKey, userId ?? 'me'], queryFn: async () => (await get<{ data: Preferences }>(prefsPath(userId))).data });
}

export function useSavePreferences(userId?: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (body: { kinds?: ChannelPrefs[]; robot?: RobotInput | null }) => (await api<{ data: Preferences }>('PUT', prefsPath(userId), body)).data,
    onSuccess: (data) => qc.setQueryData([...prefsKey, userId ?? 'me'], data),
  });
}

export const testRobot = () => post('/api/v1/notifications/robot/test');

export function useSmtpSettings() {
  return useQuery({ queryKey: smtpKey, queryFn: async () => (await get<{ data: SmtpSettings | null }>('/api/v1/email/settings')).data });
}

export function useSaveSmtp() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (body: SmtpInput) => (await api<{ data: SmtpSettings }>('PUT', '/api/v1/email/settings', body)).data,
    onSuccess: (data) => qc.setQueryData(smtpKey, data),
  });
}

export const testSmtp = (to: string, settings?: SmtpInput) => post<{ ok: true; messageId: string }>('/api/v1/email/settings/test', { to, ...(settings ? { settings } : {}) });

export function useTemplates() {
  return useQuery({ queryKey: templatesKey, queryFn: async () => (await get<{ data: EmailTemplate[] }>('/api/v1/email/templates')).data });
}

export function useSaveTemplate() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ input, existing }: { input: TemplateInput; existing: boolean }) => {
      const { key, ...fields } = input;
      return existing ? patch(`/api/v1/email/templates/${key}`, fields) : post('/api/v1/email/templates', input);
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: templatesKey }),
  });
}

export function useDeleteTemplate() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (key: string) => del(`/api/v1/email/templates/${key}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: templatesKey }),
  });
}

export const previewTemplate = async (subject: string, body: string) =>
  (await post<{ data: { subject: string; text: string } }>('/api/v1/email/templates/preview', { subject, body })).data;
