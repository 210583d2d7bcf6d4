import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { auditConfigChange } from '../../../engine/audit/audit.js';
import { requireAccess } from '../../../engine/permissions/request-access.js';
import { notFound, parseInput } from '../../../http/errors.js';
import type { ModuleContext } from '../../module.js';
import { requireManage, requireTicketReader } from '../service-access.js';
import { calendarDays, loadCalendar } from './calendar-store.js';

const MINUTES_A_YEAR = 366 * 24 * 60;
export const slaPolicyInput = z
  .object({
    name: z.string().trim().min(1).max(100),
    priorities: z.array(z.enum(['low', 'normal', 'high', 'urgent'])).default([]),
    customerStatuses: z.array(z.string().min(1).max(100)).max(50).default([]),
    categories: z.array(z.string().min(1).max(100)).max(50).default([]),
    firstResponseMinutes: z.number().int().min(1).max(MINUTES_A_YEAR),
    resolutionMinutes: z.number().int().min(1).max(MINUTES_A_YEAR),
    position: z.number().int().min(0).max(10_000).default(0),
    active: z.boolean().default(true),
  })
  .strict();

const interval = z.tuple([z.number().int().min(0).max(1440), z.number().int().min(0).max(1440)]).refine(([s, e]) => e > s, 'end must be after start');
export const calendarInput = z
  .object({
    timezone: z.string().min(1).max(60).refine((tz) => Intl.supportedValuesOf('timeZone').includes(tz) || tz === 'UTC', 'unknown time zone'),
    /** ISO weekday 1 (Mon) … 7 (Sun) → [startMinute, endMinute) intervals. */
    hours: z.partialRecord(z.enum(['1', '2', '3', '4', '5', '6', '7']), z.array(interval).max(6)),
    useChinaHolidays: z.boolean(),
    /** Dates that work or rest whatever else says (a company outing, an extra 调休). */
    days: z.array(z.object({ day: z.iso.date(), working: z.boolean(), note: z.string().max(100).nullable().default(null) }).strict()).max(1000),
  })
  .strict();

const idParam = z.object({ id: z.uuid() });
type PolicyRow = { id: string; name: string; priorities: string[]; customer_statuses: string[]; categories: string[]; first_response_minutes: number; resolution_minutes: number; position: number; active: boolean };
const shape = (p: PolicyRow) => ({ id: p.id, name: p.name, priorities: p.priorities, customerStatuses: p.customer_statuses, categories: p.categories, firstResponseMinutes: p.first_response_minutes, resolutionMinutes: p.resolution_minutes, position: p.position, active: p.active });
const columns = (i: z.infer<typeof slaPolicyInput>) => ({ name: i.name, priorities: i.priorities, customer_statuses: i.customerStatuses, categories: i.categories, first_response_minutes: i.firstResponseMinutes, resolution_minutes: i.resolutionMinutes, position: i.position, active: i.active });

/** SLA policies and the support calendar: read by agents, managed by 客服主管 and admins, audited. */
export function registerSlaRoutes(app: FastifyInstance, { db }: ModuleContext) {
  app.get('/api/v1/service/sla-policies', async (request) => {
    requireTicketReader(requireAccess(request));
    return { data: (await db.selectFrom('sla_policies').selectAll().orderBy('position').orderBy('created_at').execute()).map(shape) };
  });

  app.post('/api/v1/service/sla-policies', async (request, reply) => {
    const access = requireAccess(request);
    requireManage(access, 'sla_policies');
    const input = parseInput(slaPolicyInput, request.body);
    const row = await db.transaction().execute(async (trx) => {
      const created = await trx.insertInto('sla_policies').values(columns(input)).returningAll().executeTakeFirstOrThrow();
      await auditConfigChange(trx, 'service', access.userId, { id: created.id, name: created.name }, null, shape(created));
      return created;
    });
    return reply.code(201).send({ data: shape(row) });
  });

  app.put('/api/v1/service/sla-policies/:id', async (request) => {
    const access = requireAccess(request);
    requireManage(access, 'sla_policies');
    const { id } = parseInput(idParam, request.params);
    const input = parseInput(slaPolicyInput, request.body);
    const row = await db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('sla_policies').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      if (!before) throw notFound(`SLA policy ${id}`);
      const updated = await trx.updateTable('sla_policies').set({ ...columns(input), updated_at: new Date() }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      await auditConfigChange(trx, 'service', access.userId, { id, name: updated.name }, shape(before), shape(updated));
      return updated;
    });
    return { data: shape(row) };
  });

  app.delete('/api/v1/service/sla-policies/:id', async (request) => {
    const access = requireAccess(request);
    requireManage(access, 'sla_policies');
    const { id } = parseInput(idParam, request.params);
    await db.transaction().execute(async (trx) => {
      const before = await trx.deleteFrom('sla_policies').where('id', '=', id).returningAll().executeTakeFirst();
      if (!before) throw notFound(`SLA policy ${id}`);
      await auditConfigChange(trx, 'service', access.userId, { id, name: before.name }, shape(before), null);
    });
    return { data: { id } };
  });

  app.get('/api/v1/service/calendar', async (request) => {
    requireTicketReader(requireAccess(request));
    return { data: await calendarView(db) };
  });

  app.put('/api/v1/service/calendar', async (request) => {
    const access = requireAccess(request);
    requireManage(access, 'sla_policies');
    const input = parseInput(calendarInput, request.body);
    await db.transaction().execute(async (trx) => {
      const before = await calendarView(trx);
      const row = { timezone: input.timezone, hours: JSON.stringify(input.hours), use_china_holidays: input.useChinaHolidays, updated_at: new Date() };
      await trx.insertInto('support_calendar').values({ id: 1, ...row }).onConflict((oc) => oc.column('id').doUpdateSet(row)).execute();
      await trx.deleteFrom('support_calendar_days').execute();
      if (input.days.length) await trx.insertInto('support_calendar_days').values(input.days.map((d) => ({ day: d.day, working: d.working, note: d.note }))).execute();
      await auditConfigChange(trx, 'service', access.userId, { name: { zh: '客服日历', en: 'Support calendar' } }, before, await calendarView(trx));
    });
    return { data: await calendarView(db) };
  });
}

async function calendarView(db: ModuleContext['db']) {
  const cal = await loadCalendar(db);
  return { timezone: cal.timezone, hours: cal.hours, useChinaHolidays: cal.useChinaHolidays, days: await calendarDays(db) };
}
