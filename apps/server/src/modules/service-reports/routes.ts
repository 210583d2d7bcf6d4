import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { timeZoneFrom } from '../../config.js';
import { requireAccess } from '../../engine/permissions/request-access.js';
import { forbidden, parseInput } from '../../http/errors.js';
import type { ModuleContext } from '../module.js';
import { isDate, monthPeriod, period } from '../sales-reports/period.js';
import { computeServiceDashboard } from './dashboard/compute-service-dashboard.js';

const date = z.string().refine(isDate, 'must be a date as YYYY-MM-DD');
const MAX_DAYS = 366;

export const serviceDashboardQuery = z
  .object({ from: date.optional(), to: date.optional(), group: z.uuid().optional() })
  .strict()
  .refine((q) => !!q.from === !!q.to, { path: ['to'], message: 'give both from and to, or neither (this month)' })
  .refine((q) => !q.from || !q.to || (q.from <= q.to && Date.parse(q.to) - Date.parse(q.from) <= MAX_DAYS * 86_400_000), { path: ['to'], message: `must be on or after from, at most ${MAX_DAYS} days later` });

/** GET /api/v1/service/dashboard: the service figures in the caller's read scope on tickets. */
export function registerServiceReportRoutes(app: FastifyInstance, { engine, db }: ModuleContext) {
  const timeZone = timeZoneFrom();
  app.get('/api/v1/service/dashboard', async (request) => {
    const ctx = requireAccess(request);
    const q = parseInput(serviceDashboardQuery, request.query);
    const p = q.from && q.to ? period(q.from, q.to, timeZone) : monthPeriod(new Date(), timeZone);
    const data = await computeServiceDashboard({ engine, db, ctx }, p, timeZone, q.group);
    if (!data) throw forbidden('you may not read tickets');
    return { data };
  });
}
