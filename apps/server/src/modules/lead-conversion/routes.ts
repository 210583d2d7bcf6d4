import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireAccess } from '../../engine/permissions/request-access.js';
import { parseInput } from '../../http/errors.js';
import { DuplicateChecker } from '../duplicates/index.js';
import type { ModuleContext } from '../module.js';
import { convertLead, defaultsFromLead } from './convert-lead.js';

const params = z.object({ id: z.uuid() });

export function registerConversionRoutes(app: FastifyInstance, ctx: ModuleContext) {
  const checker = new DuplicateChecker(ctx.db);

  // What the dialog shows: the values taken from the lead and existing customers it likely is.
  app.get('/api/v1/leads/:id/conversion', async (request) => {
    const access = requireAccess(request);
    const { id } = parseInput(params, request.params);
    const lead = await ctx.engine.records.get('leads', id, access);
    const defaults = defaultsFromLead(lead, ctx.engine.metadata);
    const suggestions = await checker.findLikelyDuplicates(ctx.engine.metadata.get('customers'), { ...defaults.customer, website: null }, access, { limit: 5 });
    return { data: { lead, defaults, suggestions } };
  });

  app.post('/api/v1/leads/:id/convert', async (request) => {
    const access = requireAccess(request);
    const { id } = parseInput(params, request.params);
    return { data: await convertLead(ctx, access, id, request.body) };
  });
}
