import { regionLabel } from '@crm/schema';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../../db/types.js';
import { auditConfigChange } from '../../../engine/audit/audit.js';
import { requireAdmin } from '../../../engine/permissions/request-access.js';
import { badRequest, notFound, parseInput } from '../../../http/errors.js';
import { normaliseRegionValue } from '../../../engine/regions/divisions.js';
import { TERRITORY_FIELDS } from './find-territory.js';

export const territoryInput = z
  .object({ field: z.enum(TERRITORY_FIELDS), value: z.string().trim().min(1).max(100), teamId: z.uuid(), position: z.number().int().min(0).max(100_000).default(0) })
  .strict();

/** A region territory is stored by its canonical name (浙江 → 浙江省); text that names no known place stays as typed. */
function canonicalValue(input: { field: string; value: string }): string {
  if (input.field !== 'region') return input.value;
  const { value, resolved } = normaliseRegionValue(input.value);
  return resolved ? regionLabel(value) : input.value;
}

/** A territory as the audit log shows it: the team by its name then. */
async function territorySnapshot(db: Kysely<Database>, id: string) {
  const row = await db
    .selectFrom('automation_territories as t')
    .leftJoin('teams', 'teams.id', 't.team_id')
    .select(['t.field', 't.value', 'teams.name as team', 't.position'])
    .where('t.id', '=', id)
    .executeTakeFirst();
  return row ?? null;
}

async function auditTerritory(db: Kysely<Database>, actorId: string | null, id: string, before: Record<string, unknown> | null, after: Record<string, unknown> | null) {
  await auditConfigChange(db, 'territories', actorId, { id, name: String((after ?? before)!.value) }, before, after);
}

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
    const admin = requireAdmin(request);
    const input = parseInput(territoryInput, request.body);
    input.value = canonicalValue(input);
    await checkTeam(input.teamId);
    const row = await db.transaction().execute(async (trx) => {
      const created = await trx.insertInto('automation_territories').values({ field: input.field, value: input.value, team_id: input.teamId, position: input.position }).returningAll().executeTakeFirstOrThrow();
      await auditTerritory(trx, admin.userId, created.id, null, await territorySnapshot(trx, created.id));
      return created;
    });
    return reply.status(201).send({ data: row });
  });

  app.put('/api/v1/automation/territories/:id', async (request) => {
    const admin = requireAdmin(request);
    const { id } = parseInput(z.object({ id: z.uuid() }), request.params);
    const input = parseInput(territoryInput, request.body);
    input.value = canonicalValue(input);
    await checkTeam(input.teamId);
    const row = await db.transaction().execute(async (trx) => {
      const before = await territorySnapshot(trx, id);
      const saved = await trx.updateTable('automation_territories').set({ field: input.field, value: input.value, team_id: input.teamId, position: input.position }).where('id', '=', id).returningAll().executeTakeFirst();
      if (!before || !saved) throw notFound(`territory ${id}`);
      await auditTerritory(trx, admin.userId, id, before, await territorySnapshot(trx, id));
      return saved;
    });
    return { data: row };
  });

  app.delete('/api/v1/automation/territories/:id', async (request, reply) => {
    const admin = requireAdmin(request);
    const { id } = parseInput(z.object({ id: z.uuid() }), request.params);
    await db.transaction().execute(async (trx) => {
      const before = await territorySnapshot(trx, id);
      if (!before) throw notFound(`territory ${id}`);
      await trx.deleteFrom('automation_territories').where('id', '=', id).execute();
      await auditTerritory(trx, admin.userId, id, before, null);
    });
    return reply.status(204).send();
  });
}
