import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseListQuery } from '../../engine/records/routes.js';
import { requireAccess, requireAdmin } from '../../engine/permissions/request-access.js';
import { badRequest, parseInput } from '../../http/errors.js';
import type { ModuleContext } from '../module.js';
import { listCaps, saveCaps, usage } from './caps.js';
import { claim, release } from './claim.js';
import { POOL_OBJECTS, poolAccess, poolObject } from './pool-access.js';

const recordParams = z.object({ object: z.string(), id: z.uuid() });
export const capsInput = z.object({
  caps: z.array(z.object({ roleId: z.uuid(), object: z.enum(POOL_OBJECTS), maxOwned: z.number().int().min(0).max(1_000_000).nullable() }).strict()).max(1000),
}).strict();

/** The public pool (公海): list, claim, release; caps per role (administrators). */
export function registerPoolRoutes(app: FastifyInstance, { db, engine }: ModuleContext) {
  app.get('/api/v1/pool/:object', async (request) => {
    const access = requireAccess(request);
    const object = poolObject((request.params as { object: string }).object);
    const params = parseListQuery(request.query);
    // Only ownerless records: the user's filter is ANDed with owner_id empty.
    const filter = params.filter ? { and: [params.filter, { field: 'owner_id', op: 'empty' }] } : { field: 'owner_id', op: 'empty' };
    return engine.records.list(object, { ...params, filter: filter as typeof params.filter }, poolAccess(access, object, 'read'));
  });

  app.post('/api/v1/pool/:object/:id/claim', async (request) => {
    const { object, id } = parseInput(recordParams, request.params);
    return { data: await claim(db, engine, requireAccess(request), poolObject(object), id) };
  });

  app.post('/api/v1/pool/:object/:id/release', async (request) => {
    const { object, id } = parseInput(recordParams, request.params);
    return { data: await release(db, engine, requireAccess(request), poolObject(object), id) };
  });

  /** The user's owned records and caps, for the pool page's header. */
  app.get('/api/v1/pool-usage', async (request) => {
    const access = requireAccess(request);
    return { data: await usage(db, access.userId!) };
  });

  app.get('/api/v1/pool-caps', async (request) => {
    requireAdmin(request);
    return { data: await listCaps(db) };
  });

  app.put('/api/v1/pool-caps', async (request) => {
    const admin = requireAdmin(request);
    const { caps } = parseInput(capsInput, request.body);
    const roles = new Set((await db.selectFrom('roles').select('id').execute()).map((r) => r.id));
    const bad = caps.findIndex((c) => !roles.has(c.roleId));
    if (bad >= 0) throw badRequest('no such role', [{ path: `caps.${bad}.roleId`, message: 'no such role' }]);
    await saveCaps(db, caps, admin.userId);
    return { data: await listCaps(db) };
  });
}
