import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../../db/types.js';
import { requireAdmin } from '../../../engine/permissions/request-access.js';
import { badRequest, notFound, parseInput } from '../../../http/errors.js';
import { TERRITORY_FIELDS } from './find-territory.js';

const territoryInput = z
  .object({ field: z.enum(TERRITORY_FIELDS), value: z.string().trim().min(1).max(100), teamId: z.uuid(), position: z.number().int().min(0).max(100_000).default(0) })
  .strict();

/** The territory table (region / industry / source value → team), administrators only. */
export function registerTerritoryRoutes(app: FastifyInstance, db: Kysely<Database>) {
  const checkTeam = async (teamId: string) => {
    if (!(await db.selectFrom('teams').select('id').where('id', '=', teamId).executeTakeFirst())) throw badRequest('no such team', [{ path: 'teamId', message: 'no such team' }]);
  };

  app.get('/api/v1/automation/territories', async (request) => {
    requireAdmin(request);
    return { data: await db.selectFrom('automation_territories').selectAll().orderBy('position').orderBy('created_at').execute() };
  });

  app.post('/api/v1/automation/territories', async (request, reply) => {
    requireAdmin(request);
    const input = parseInput(territoryInput, request.body);
    await checkTeam(input.teamId);
    const row = await db.insertInto('automation_territories').values({ field: input.field, value: input.value, team_id: input.teamId, position: input.position }).returningAll().executeTakeFirstOrThrow();
    return reply.status(201).send({ data: row });
  });

  app.put('/api/v1/automation/territories/:id', async (request) => {
    requireAdmin(request);
    const { id } = parseInput(z.object({ id: z.uuid() }), request.params);
    const input = parseInput(territoryInput, request.body);
    await checkTeam(input.teamId);
    const row = await db.updateTable('automation_territories').set({ field: input.field, value: input.value, team_id: input.teamId, position: input.position }).where('id', '=', id).returningAll().executeTakeFirst();
    if (!row) throw notFound(`territory ${id}`);
    return { data: row };
  });

  app.delete('/api/v1/automation/territories/:id', async (request, reply) => {
    requireAdmin(request);
    const { id } = parseInput(z.object({ id: z.uuid() }), request.params);
    const deleted = await db.deleteFrom('automation_territories').where('id', '=', id).executeTakeFirst();
    if (!Number(deleted.numDeletedRows)) throw notFound(`territory ${id}`);
    return reply.status(204).send();
  });
}
