import { useQuery } from '@tanstack/react-query';
import { api, get, post } from '../../api/client';
import { useAdminMutation } from '../../api/admin';

export interface BackupFile {
  name: string;
  size: number;
  createdAt: string;
}

export interface BackupSettings {
  enabled: boolean;
  cron: string;
  folder: string | null;
  keep: number;
}

interface BackupsAnswer {
  data: BackupFile[];
  folder: string;
  settings: BackupSettings;
  nextRun: string | null;
}

const KEY = ['admin', 'backups'];

export function useBackups() {
  return useQuery({ queryKey: KEY, queryFn: () => get<BackupsAnswer>('/api/v1/admin/backups') });
}

export const useBackUpNow = () => useAdminMutation(() => post<{ data: BackupFile }>('/api/v1/admin/backups'), [KEY]);
export const useSaveBackupSettings = () => useAdminMutation((settings: BackupSettings) => api('PUT', '/api/v1/admin/backup-settings', settings), [KEY]);
