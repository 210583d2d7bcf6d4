import { importBatchAddSchema, importBatchCreateSchema } from '@crm/schema';
import type { FastifyInstance } from 'fastify';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../../db/types.js';
import { requireAccess } from '../../../engine/permissions/request-access.js';
import { ApiError, badRequest, parseInput } from '../../../http/errors.js';
import { USERS } from '../users/users-object.js';
import { loadBatch, toApi } from './batch-store.js';
import { advanceBatchUndo } from './undo-batch.js';

interface BatchRoutesDeps {
  db: Kysely<Database>;
  enqueue(importId: string): Promise<void>;
}

/** Imports still at work: a batch is not undone under them. */
const WORKING = ['uploading', 'validating', 'running', 'undoing'];

/**
 * Import batches on the server: the wizard creates one for several files, adds each import as it
 * starts, shows it again after a reload (the URL carries its id) and undoes it as a whole.
 */
export function registerBatchRoutes(app: FastifyInstance, deps: BatchRoutesDeps) {
  const { db } = deps;

  app.post('/api/v1/import-batches', async (request, reply) => {
    const ctx = requireAccess(request);
    const input = parseInput(importBatchCreateSchema, request.body);
    const row = await db.insertInto('import_batches').values({ created_by: ctx.userId!, files: JSON.stringify(input.files), import_ids: '[]' }).returningAll().executeTakeFirstOrThrow();
    return reply.status(201).send({ data: (await toApi(db, [row]))[0] });
  });

  app.get('/api/v1/import-batches', async (request) => {
    const ctx = requireAccess(request);
    const { limit } = parseInput(z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }), request.query);
    let query = db.selectFrom('import_batches').selectAll().orderBy('created_at', 'desc').limit(limit);
    if (!ctx.permissions.admin) query = query.where('created_by', '=', ctx.userId!);
    return { data: await toApi(db, await query.execute()) };
  });

  app.get('/api/v1/import-batches/:id', async (request) => {
    const { batch } = await loadBatch(db, request);
    return { data: (await toApi(db, [batch]))[0] };
  });

  // Appends an import of the batch's creator that belongs to no batch yet.
  app.post('/api/v1/import-batches/:id/imports', async (request) => {
    const { batch } = await loadBatch(db, request);
    const { importId } = parseInput(importBatchAddSchema, request.body);
    const path = 'importId';
    const row = await db.transaction().execute(async (trx) => {
      const locked = await trx.selectFrom('import_batches').selectAll().where('id', '=', batch.id).forUpdate().executeTakeFirstOrThrow();
      if (locked.status !== 'open') throw new ApiError('conflict', `the batch is ${locked.status}`, [{ path: 'status', message: 'no more files may be added' }]);
      const imp = await trx.selectFrom('imports').select(['id', 'created_by', 'object']).where('id', '=', importId).executeTakeFirst();
      if (!imp || imp.created_by !== locked.created_by) throw badRequest(`no import ${importId} of the batch's creator`, [{ path, message: 'no such import of the batch’s creator' }]);
      if (imp.object === USERS) throw badRequest('imported users cannot be undone, so they are no part of a batch', [{ path, message: 'users are imported on their own' }]);
      const taken = await trx.selectFrom('import_batches').select('id').where(sql<boolean>`import_ids @> ${JSON.stringify([importId])}::jsonb`).executeTakeFirst();
      if (taken && taken.id !== batch.id) throw new ApiError('conflict', 'the import belongs to another batch', [{ path, message: 'already in another batch' }]);
      if (taken) return locked;
      return trx.updateTable('import_batches').set({ import_ids: JSON.stringify([...locked.import_ids, importId]) }).where('id', '=', batch.id).returningAll().executeTakeFirstOrThrow();
    });
    return { data: (await toApi(db, [row]))[0] };
  });

  // Undoes every import of the batch, last first, one after the other in the background.
  app.post('/api/v1/import-batches/:id/undo', async (request, reply) => {
    const { batch } = await loadBatch(db, request);
    await db.transaction().execute(async (trx) => {
      const locked = await trx.selectFrom('import_batches').selectAll().where('id', '=', batch.id).forUpdate().executeTakeFirstOrThrow();
      if (locked.status === 'undoing' || locked.status === 'undone') throw new ApiError('conflict', `the batch is ${locked.status}`, [{ path: 'status', message: `already ${locked.status}` }]);
      const imports = locked.import_ids.length ? await trx.selectFrom('imports').select(['file_name', 'status']).where('id', 'in', locked.import_ids).execute() : [];
      const busy = imports.find((i) => WORKING.includes(i.status));
      if (busy) throw new ApiError('conflict', `${busy.file_name} is still ${busy.status}: undo the batch when it has finished`, [{ path: 'status', message: 'an import of the batch is still running' }]);
      await trx.updateTable('import_batches').set({ status: 'undoing', undo_cursor: null, error: null }).where('id', '=', batch.id).execute();
    });
    await advanceBatchUndo(db, batch.id, deps.enqueue);
    const row = await db.selectFrom('import_batches').selectAll().where('id', '=', batch.id).executeTakeFirstOrThrow();
    return reply.status(202).send({ data: (await toApi(db, [row]))[0] });
  });
}
