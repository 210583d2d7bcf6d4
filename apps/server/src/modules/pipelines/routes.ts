import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireAccess, requireAdmin } from '../../engine/permissions/request-access.js';
import { parseListQuery } from '../../engine/records/routes.js';
import { badRequest, notFound, parseInput } from '../../http/errors.js';
import type { ModuleContext } from '../module.js';
import { stageSummary } from './board-summary.js';
import { getForecast } from './forecast.js';
import { deletePipeline, savePipeline } from './pipeline-admin.js';
import { loadPipelines } from './pipeline-store.js';
import { deleteTarget, listTargets, monthParam, setTarget } from './targets.js';

const keyParams = z.object({ key: z.string().max(50) });
const range = z.object({ from: monthParam, to: monthParam }).refine((r) => r.from <= r.to, { message: 'must not be before from', path: ['to'] });

/** Pipelines (read: everyone; write: admins), board totals, targets (write: admins) and the forecast. */
export function registerPipelineRoutes(app: FastifyInstance, ctx: ModuleContext) {
  app.get('/api/v1/pipelines', async (request) => {
    requireAccess(request);
    return { data: await loadPipelines(ctx.db) };
  });

  app.put('/api/v1/pipelines/:key', async (request) => {
    const admin = requireAdmin(request);
    const { key } = parseInput(keyParams, request.params);
    return { data: await savePipeline(ctx, key, request.body, admin.userId) };
  });

  app.delete('/api/v1/pipelines/:key', async (request, reply) => {
    const admin = requireAdmin(request);
    const { key } = parseInput(keyParams, request.params);
    await deletePipeline(ctx, key, admin.userId);
    return reply.status(204).send();
  });

  // Per-stage count, total and weighted total; takes the deal list's filter and q.
  app.get('/api/v1/pipelines/:key/summary', async (request) => {
    const access = requireAccess(request);
    const { key } = parseInput(keyParams, request.params);
    if (!(await loadPipelines(ctx.db)).some((p) => p.key === key)) throw notFound(`pipeline ${key}`);
    const { filter, q } = parseListQuery(request.query);
    return { data: await stageSummary(ctx, access, key, { filter, q }) };
  });

  app.get('/api/v1/sales-targets', async (request) => {
    const access = requireAccess(request);
    return { data: await listTargets(ctx.db, access, parseInput(range, request.query)) };
  });

  app.put('/api/v1/sales-targets', async (request) => {
    const access = requireAdmin(request);
    return { data: await setTarget(ctx.db, access.userId, request.body) };
  });

  app.delete('/api/v1/sales-targets/:id', async (request, reply) => {
    const admin = requireAdmin(request);
    const { id } = parseInput(z.object({ id: z.uuid() }), request.params);
    await deleteTarget(ctx.db, id, admin.userId);
    return reply.status(204).send();
  });

  app.get('/api/v1/forecast', async (request) => {
    const access = requireAccess(request);
    const query = parseInput(
      z.object({ from: monthParam, to: monthParam, by: z.enum(['user', 'team']).default('user'), pipeline: z.string().max(50).optional() }).strict(),
      request.query,
    );
    if (query.from > query.to) throw badRequest('to must not be before from', [{ path: 'to', message: 'before from' }]);
    return { data: await getForecast(ctx, access, query) };
  });
}
