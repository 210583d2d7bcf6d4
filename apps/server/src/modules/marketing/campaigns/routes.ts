import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireAccess } from '../../../engine/permissions/request-access.js';
import { badRequest, parseInput } from '../../../http/errors.js';
import type { ModuleContext } from '../../module.js';
import { addByIds, addFromSegment } from './members.js';
import { MEMBER_STATUSES } from './objects.js';
import { campaignReport } from './report.js';

const params = z.object({ id: z.uuid() });
const status = z.enum(MEMBER_STATUSES).default('sent');
export const fromSegmentInput = z.object({ segmentId: z.uuid(), status }).strict();
export const memberIdsInput = z.object({ object: z.enum(['contacts', 'leads']), ids: z.array(z.uuid()).min(1).max(1000), status }).strict();
export const reportQuery = z.object({ from: z.iso.date().optional(), to: z.iso.date().optional(), campaignId: z.uuid().optional() }).strict();

/** Campaign members from a segment or by id, and the campaign report (CRUD is the engine's). */
export function registerCampaignRoutes(app: FastifyInstance, { db, engine }: ModuleContext) {
  app.get('/api/v1/campaigns/report', async (request) => {
    const query = parseInput(reportQuery, request.query);
    if (query.from && query.to && query.from > query.to) throw badRequest('to is before from', [{ path: 'to', message: 'must not be before from' }]);
    return { data: await campaignReport({ engine, db, ctx: requireAccess(request) }, query) };
  });

  app.post('/api/v1/campaigns/:id/members/from-segment', async (request) => {
    const { id } = parseInput(params, request.params);
    const body = parseInput(fromSegmentInput, request.body);
    return { data: await addFromSegment(db, engine, requireAccess(request), id, body.segmentId, body.status) };
  });

  app.post('/api/v1/campaigns/:id/members', async (request) => {
    const { id } = parseInput(params, request.params);
    const body = parseInput(memberIdsInput, request.body);
    const link = body.object === 'contacts' ? 'contact_id' : 'lead_id';
    return { data: await addByIds(db, engine, requireAccess(request), id, link, [...new Set(body.ids.map((i) => i.toLowerCase()))], body.status) };
  });
}
