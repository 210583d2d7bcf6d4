import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { timeZoneFrom } from '../../config.js';
import { requireAccess } from '../../engine/permissions/request-access.js';
import { badRequest, notFound, parseInput } from '../../http/errors.js';
import type { ModuleContext } from '../module.js';
import { computeDashboard } from './dashboard/compute-dashboard.js';
import { findSubject, generateReport } from './weekly/generate-reports.js';
import { getReport, listReports } from './weekly/report-store.js';
import { isDate, localDate, mondayOf, monthPeriod, period, weekPeriod } from './period.js';

const date = z.string().refine(isDate, 'must be a date as YYYY-MM-DD');
const MAX_DAYS = 3 * 366;

const dashboardQuery = z
  .object({ from: date.optional(), to: date.optional(), teamId: z.uuid().optional(), ownerId: z.uuid().optional() })
  .strict()
  .refine((q) => !!q.from === !!q.to, { path: ['to'], message: 'give both from and to, or neither (this month)' })
  .refine((q) => !q.from || !q.to || (q.from <= q.to && Date.parse(q.to) - Date.parse(q.from) <= MAX_DAYS * 86_400_000), { path: ['to'], message: `must be on or after from, at most ${MAX_DAYS} days later` });

const listQuery = z.object({ week: date.optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }).strict();
const generateBody = z
  .object({ week: date, userId: z.uuid().optional(), teamId: z.uuid().optional() })
  .strict()
  .refine((b) => !(b.userId && b.teamId), { path: ['teamId'], message: 'give userId or teamId, not both' });

/** Sales dashboard and weekly reports: GET /api/v1/sales/dashboard, /api/v1/sales/reports[/:id], POST /api/v1/sales/reports. */
export function registerSalesReportRoutes(app: FastifyInstance, { engine, db }: ModuleContext) {
  const timeZone = timeZoneFrom();

  app.get('/api/v1/sales/dashboard', async (request) => {
    const ctx = requireAccess(request);
    const q = parseInput(dashboardQuery, request.query);
    if (q.teamId && !(await db.selectFrom('teams').select('id').where('id', '=', q.teamId).executeTakeFirst())) {
      throw badRequest('no such team', [{ path: 'teamId', message: 'unknown team' }]);
    }
    const p = q.from && q.to ? period(q.from, q.to, timeZone) : monthPeriod(new Date(), timeZone);
    return { data: await computeDashboard({ engine, db, ctx }, { period: p, teamId: q.teamId, ownerId: q.ownerId }) };
  });

  app.get('/api/v1/sales/reports', async (request) => {
    const ctx = requireAccess(request);
    const q = parseInput(listQuery, request.query);
    const reports = await listReports(db, ctx, { limit: q.limit, weekStart: q.week && mondayOf(q.week) });
    return { data: reports, thisWeek: mondayOf(localDate(new Date(), timeZone)) };
  });

  app.get<{ Params: { id: string } }>('/api/v1/sales/reports/:id', async (request) => {
    const ctx = requireAccess(request);
    const id = parseInput(z.uuid(), request.params.id);
    const report = await getReport(db, ctx, id);
    if (!report) throw notFound('report');
    return { data: report };
  });

  /** On demand: the week containing `week`, for a rep (default: me) or a team; stored, replacing an older one. */
  app.post('/api/v1/sales/reports', async (request, reply) => {
    const ctx = requireAccess(request);
    const body = parseInput(generateBody, request.body);
    const subject = await findSubject(db, body.teamId ? { teamId: body.teamId } : { userId: body.userId ?? ctx.userId ?? undefined });
    const report = await generateReport(engine, db, ctx, weekPeriod(mondayOf(body.week), timeZone), subject);
    return reply.status(201).send({ data: report });
  });
}
