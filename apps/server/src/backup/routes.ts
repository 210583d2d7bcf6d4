import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireAdmin } from '../engine/permissions/request-access.js';
import { notFound, parseInput } from '../http/errors.js';
import { addApiPaths, apiErrors } from '../http/openapi.js';
import type { ModuleContext } from '../modules/module.js';
import { createBackupFile, isBackupName, listBackups, pruneBackups } from './backup-files.js';
import type { BackupSchedule } from './schedule.js';
import { backupSettingsSchema, folderOf, nextRun, readBackupSettings, saveBackupSettings } from './settings.js';

/** Administrators: back up now (the only way while the server holds the embedded database), list, download, schedule. */
export function registerBackupRoutes(app: FastifyInstance, { handle }: ModuleContext, schedule: () => BackupSchedule | null) {
  app.get('/api/v1/admin/backups', async (request) => {
    requireAdmin(request);
    const settings = await readBackupSettings(handle.db);
    return { data: await listBackups(folderOf(settings)), folder: folderOf(settings), settings, nextRun: schedule() ? nextRun(settings) : null };
  });

  app.post('/api/v1/admin/backups', async (request, reply) => {
    requireAdmin(request);
    const settings = await readBackupSettings(handle.db);
    const file = await createBackupFile(handle, folderOf(settings));
    await pruneBackups(folderOf(settings), settings.keep);
    return reply.status(201).send({ data: file });
  });

  app.get('/api/v1/admin/backups/:name', async (request, reply) => {
    requireAdmin(request);
    const { name } = parseInput(z.object({ name: z.string().refine(isBackupName, 'not a backup file name') }), request.params);
    const folder = folderOf(await readBackupSettings(handle.db));
    if (!(await listBackups(folder)).some((f) => f.name === name)) throw notFound(`backup ${name}`);
    return reply.header('content-type', 'application/gzip').header('content-disposition', `attachment; filename="${name}"`).send(createReadStream(join(folder, name)));
  });

  app.put('/api/v1/admin/backup-settings', async (request) => {
    const admin = requireAdmin(request);
    const settings = parseInput(backupSettingsSchema, request.body);
    await saveBackupSettings(handle.db, settings, admin.userId);
    await schedule()?.apply();
    return { data: settings, nextRun: schedule() ? nextRun(settings) : null };
  });

  addApiPaths({
    '/api/v1/admin/backups': {
      get: { tags: ['admin'], summary: 'Backup archives in the backup folder, newest first, and the schedule settings (administrators)', responses: { 200: { description: 'Backups' }, ...apiErrors } },
      post: { tags: ['admin'], summary: 'Back up now: writes the same archive as `crm backup` into the backup folder (administrators)', responses: { 201: { description: 'The new archive' }, ...apiErrors } },
    },
    '/api/v1/admin/backups/{name}': {
      get: { tags: ['admin'], summary: 'Download a backup archive (administrators)', parameters: [{ name: 'name', in: 'path', required: true, schema: { type: 'string' } }], responses: { 200: { description: 'application/gzip' }, ...apiErrors } },
    },
    '/api/v1/admin/backup-settings': {
      put: {
        tags: ['admin'],
        summary: 'Scheduled backups: enabled, cron (server time zone), folder, keep N newest (administrators)',
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', properties: { enabled: { type: 'boolean' }, cron: { type: 'string' }, folder: { type: ['string', 'null'] }, keep: { type: 'integer' } } } } } },
        responses: { 200: { description: 'Saved' }, ...apiErrors },
      },
    },
  });
}
