import type { DatabaseHandle } from '../db/connection.js';
import type { JobRunner } from '../engine/jobs/job-runner.js';
import { createBackupFile, pruneBackups } from './backup-files.js';
import { folderOf, readBackupSettings } from './settings.js';

const QUEUE = 'scheduled-backup';

/** Scheduled backups: a pg-boss cron schedule whose worker writes an archive, then prunes old ones. */
export class BackupSchedule {
  constructor(
    private readonly jobs: JobRunner,
    private readonly handle: DatabaseHandle,
  ) {}

  async start() {
    await this.jobs.boss.createQueue(QUEUE);
    await this.jobs.work(QUEUE, {}, async () => {
      await this.runNow();
    });
    await this.apply();
  }

  /** Makes the pg-boss schedule match the settings (call after they change). */
  async apply() {
    const settings = await readBackupSettings(this.handle.db);
    if (settings.enabled) await this.jobs.boss.schedule(QUEUE, settings.cron, {}, { tz: Intl.DateTimeFormat().resolvedOptions().timeZone });
    else await this.jobs.boss.unschedule(QUEUE);
  }

  async runNow() {
    const settings = await readBackupSettings(this.handle.db);
    const file = await createBackupFile(this.handle, folderOf(settings));
    await pruneBackups(folderOf(settings), settings.keep);
    return file;
  }
}
