import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/types.js';
import { validationError } from '../../http/errors.js';
import { requireAdmin } from '../permissions/request-access.js';

const querySchema = z.object({
  object: z.string().max(50).optional(),
  recordId: z.uuid().optional(),
  actorId: z.uuid().optional(),
  action: z.enum(['create', 'update', 'delete', 'restore', 'merge', 'unmerge', 'export', 'import', 'settings']).optional(),
  /** Time range, inclusive: ISO date-times (or dates) as the browser sends them. */
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  /** The id of the last entry of the previous page. */
  cursor: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** The install-wide audit log (操作日志) for administrators, newest first. */
export function registerAuditRoutes(app: FastifyInstance, db: Kysely<Database>) {
  app.get('/api/v1/audit-log', async (request) => {
    requireAdmin(request);
    const parsed = querySchema.safeParse(request.query);
    if (!parsed.success) throw validationError(parsed.error);
    const q = parsed.data;
    let query = db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(q.limit + 1);
    if (q.object) query = query.where('object', '=', q.object);
    if (q.recordId) query = query.where('record_id', '=', q.recordId);
    if (q.actorId) query = query.where('actor_id', '=', q.actorId);
    if (q.action) query = query.where('action', '=', q.action);
    if (q.from) query = query.where('at', '>=', q.from);
    if (q.to) query = query.where('at', '<=', q.to);
    if (q.cursor) query = query.where('id', '<', String(q.cursor));
    const rows = await query.execute();
    const page = rows.slice(0, q.limit);
    return {
      data: page.map((r) => ({ id: Number(r.id), object: r.object, recordId: r.record_id, action: r.action, actorId: r.actor_id, at: new Date(r.at).toISOString(), changes: r.changes })),
      nextCursor: rows.length > q.limit ? String(page[page.length - 1].id) : null,
    };
  });
}
