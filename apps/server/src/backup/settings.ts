import { CronExpressionParser } from 'cron-parser';
import type { Kysely } from 'kysely';
import { isAbsolute } from 'node:path';
import { z } from 'zod';
import type { Database } from '../db/types.js';
import { recordSettingsChange, settingsChanges } from '../engine/audit/audit.js';
import { backupRoots, defaultBackupFolder, isAllowedBackupFolder } from './backup-files.js';

export interface BackupSettings {
  enabled: boolean;
  /** Five-field cron in the server's time zone: '0 3 * * *' is every day at 03:00. */
  cron: string;
  /** Absolute folder on the server; null means the default (CRM_BACKUP_DIR or ./backups). */
  folder: string | null;
  keep: number;
}

export const backupSettingsSchema = z.object({
  enabled: z.boolean(),
  cron: z.string().trim().refine((c) => c.split(/\s+/).length === 5 && validCron(c), 'must be a cron expression with 5 fields, e.g. 0 3 * * *'),
  folder: z
    .string()
    .trim()
    .max(500)
    .nullable()
    .transform((f) => f || null)
    .refine((f) => f === null || isAbsolute(f), 'must be an absolute folder path on the server')
    .refine((f) => f === null || isAllowedBackupFolder(f), { error: () => `must be inside ${backupRoots().join(' or ')} (CRM_BACKUP_DIR, CRM_BACKUP_ROOTS)` }),
  keep: z.number().int().min(1).max(1000),
});

function validCron(cron: string): boolean {
  try {
    CronExpressionParser.parse(cron);
    return true;
  } catch {
    return false;
  }
}

export async function readBackupSettings(db: Kysely<Database>): Promise<BackupSettings> {
  const row = await db.selectFrom('backup_settings').selectAll().executeTakeFirst();
  return { enabled: row?.enabled ?? false, cron: row?.cron ?? '0 3 * * *', folder: row?.folder ?? null, keep: row?.keep ?? 7 };
}

export async function saveBackupSettings(db: Kysely<Database>, settings: BackupSettings, actorId: string | null) {
  await db.transaction().execute(async (trx) => {
    const before = await readBackupSettings(trx);
    await trx
      .insertInto('backup_settings')
      .values({ id: 1, ...settings })
      .onConflict((oc) => oc.column('id').doUpdateSet({ ...settings, updated_at: new Date() }))
      .execute();
    await recordSettingsChange(trx, 'backups', actorId, settingsChanges({ ...before }, { ...settings }));
  });
}

/** The folder in use; one saved before the allowed roots changed falls back to the default. */
export const folderOf = (settings: BackupSettings) => (settings.folder && isAllowedBackupFolder(settings.folder) ? settings.folder : defaultBackupFolder());

/** The next run of the schedule, for the settings page. */
export function nextRun(settings: BackupSettings): string | null {
  if (!settings.enabled) return null;
  return CronExpressionParser.parse(settings.cron).next().toISOString();
}
