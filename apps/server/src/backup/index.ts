import type { DatabaseHandle } from '../db/connection.js';
import type { CrmModule } from '../modules/module.js';
import { registerBackupRoutes } from './routes.js';
import { BackupSchedule } from './schedule.js';

/** One schedule per app (tests run several apps in one process). */
const schedules = new WeakMap<DatabaseHandle, BackupSchedule>();

/** Backup and restore: the admin API and scheduled backups (the CLI is cli.ts). */
export const backupModule: CrmModule = {
  name: 'backup',
  routes: (app, ctx) => registerBackupRoutes(app, ctx, () => schedules.get(ctx.handle) ?? null),
  async startJobs(jobs, ctx) {
    const schedule = new BackupSchedule(jobs, ctx.handle);
    await schedule.start();
    schedules.set(ctx.handle, schedule);
  },
};
