import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/types.js';
import type { MetadataRegistry } from '../engine/metadata/registry.js';
import { requireAccess } from '../engine/permissions/request-access.js';
import { badRequest, notFound, parseInput } from '../http/errors.js';

const viewInput = z.object({
  object: z.string().min(1).max(50),
  name: z.string().trim().min(1).max(100),
  /** Whatever the list page needs to restore itself (filter, sort, columns); opaque to the server. */
  config: z.record(z.string(), z.unknown()),
});

const COLUMNS = ['id', 'object', 'name', 'config'] as const;

/**
 * Saved list views. Each user sees and deletes only their own; the static /api/v1/views path wins
 * over the generic /api/v1/:object routes.
 */
export function registerViewRoutes(app: FastifyInstance, db: Kysely<Database>, metadata: MetadataRegistry) {
  app.get('/api/v1/views', async (request) => {
    const ctx = requireAccess(request);
    const { object } = parseInput(z.object({ object: z.string().min(1).max(50).optional() }), request.query);
    let query = db.selectFrom('saved_views').select(COLUMNS).where('user_id', '=', ctx.userId!).orderBy('created_at');
    if (object) query = query.where('object', '=', object);
    return { data: await query.execute() };
  });

  app.post('/api/v1/views', async (request, reply) => {
    const ctx = requireAccess(request);
    const input = parseInput(viewInput, request.body);
    if (!metadata.has(input.object)) throw badRequest(`no object '${input.object}'`, [{ path: 'object', message: 'unknown object' }]);
    if (JSON.stringify(input.config).length > 20_000) throw badRequest('the view is too large', [{ path: 'config', message: 'at most 20,000 characters' }]);
    const view = await db
      .insertInto('saved_views')
      .values({ user_id: ctx.userId!, object: input.object, name: input.name, config: JSON.stringify(input.config) })
      .returning(COLUMNS)
      .executeTakeFirstOrThrow();
    return reply.status(201).send({ data: view });
  });

  app.delete('/api/v1/views/:id', async (request, reply) => {
    const ctx = requireAccess(request);
    const { id } = parseInput(z.object({ id: z.string() }), request.params);
    // Someone else's view is "not found", exactly like a missing one.
    if (!z.uuid().safeParse(id).success) throw notFound('view');
    const result = await db.deleteFrom('saved_views').where('id', '=', id).where('user_id', '=', ctx.userId!).executeTakeFirst();
    if (!result.numDeletedRows) throw notFound('view');
    return reply.status(204).send();
  });
}
