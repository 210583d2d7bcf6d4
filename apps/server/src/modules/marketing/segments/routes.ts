import { filterSchema } from '@crm/schema';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireAccess } from '../../../engine/permissions/request-access.js';
import { parseInput } from '../../../http/errors.js';
import type { ModuleContext } from '../../module.js';
import { addMatching, addMembers, removeMembers } from './members.js';
import { countSegment } from './segment-service.js';

const params = z.object({ id: z.uuid() });
export const memberIdsInput = z.object({ ids: z.array(z.uuid()).min(1).max(1000) }).strict();
export const matchingInput = z.object({ filter: filterSchema.optional(), q: z.string().max(200).optional() }).strict();

/** Live counts and static membership of segments (CRUD is the engine's /api/v1/segments). */
export function registerSegmentRoutes(app: FastifyInstance, { db, engine }: ModuleContext) {
  app.get('/api/v1/segments/:id/count', async (request) => {
    const { id } = parseInput(params, request.params);
    return { data: await countSegment(engine, id, requireAccess(request)) };
  });

  app.post('/api/v1/segments/:id/members', async (request) => {
    const { id } = parseInput(params, request.params);
    const { ids } = parseInput(memberIdsInput, request.body);
    return { data: await addMembers(db, requireAccess(request), id, [...new Set(ids.map((i) => i.toLowerCase()))]) };
  });

  app.post('/api/v1/segments/:id/members/remove', async (request) => {
    const { id } = parseInput(params, request.params);
    const { ids } = parseInput(memberIdsInput, request.body);
    return { data: await removeMembers(db, requireAccess(request), id, ids.map((i) => i.toLowerCase())) };
  });

  app.post('/api/v1/segments/:id/members/add-matching', async (request) => {
    const { id } = parseInput(params, request.params);
    const body = parseInput(matchingInput, request.body ?? {});
    return { data: await addMatching(db, engine, requireAccess(request), id, body) };
  });
}
