import { listParamsSchema, type ListParams } from '@crm/schema';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { z } from 'zod';
import { ApiError, badRequest, parseInput, validationError } from '../../http/errors.js';
import { requireAccess, requireAdmin } from '../permissions/request-access.js';
import { globalSearch } from '../search/global-search.js';
import { prepareExport } from './export/export-records.js';
import { exportCsv } from './export/write-csv.js';
import { exportXlsx } from './export/write-xlsx.js';
import { ownerTransferSchema, transferOwnership } from './owner-transfer.js';
import type { RelatedRecords } from './related.js';
import type { RecordService } from './record-service.js';

const objectParams = z.object({ object: z.string() });
const recordParams = z.object({ object: z.string(), id: z.string() });

/** The filter arrives as JSON text in the query string. */
export function parseListQuery(query: unknown): ListParams {
  const raw = { ...(query as Record<string, unknown>) };
  // In a query string every value is text, and z.coerce.boolean() would read "false" as true.
  for (const key of ['count', 'deleted']) {
    if (typeof raw[key] === 'string') raw[key] = !['false', '0', ''].includes(raw[key] as string);
  }
  if (typeof raw.filter === 'string') {
    try {
      raw.filter = JSON.parse(raw.filter);
    } catch {
      throw badRequest('filter must be JSON', [{ path: 'filter', message: 'not valid JSON' }]);
    }
  }
  return parseListBody(raw);
}

/** The named filters (registered by modules, `?segment=…`) among a list call's parameters. */
function namedFilters(records: RecordService, input: unknown): Record<string, string> | undefined {
  const raw = (input ?? {}) as Record<string, unknown>;
  const named = Object.entries(raw).filter(([key]) => records.listFilters.has(key));
  for (const [key, value] of named) {
    if (typeof value !== 'string' || !value || value.length > 200) throw badRequest(`${key} must be one value`, [{ path: key, message: 'must be one non-empty value' }]);
  }
  return named.length ? Object.fromEntries(named as [string, string][]) : undefined;
}

const MAX_FILTER_DEPTH = 10;

/** Nesting depth of and/or groups, counted without recursion so absurd input cannot overflow the stack. */
function filterDepth(filter: unknown): number {
  let depth = 0;
  let level: unknown[] = [filter];
  while (level.length && depth <= MAX_FILTER_DEPTH) {
    depth++;
    level = level.flatMap((f) => {
      const group = f && typeof f === 'object' ? ((f as { and?: unknown }).and ?? (f as { or?: unknown }).or) : undefined;
      return Array.isArray(group) ? group : [];
    });
  }
  return depth;
}

function parseListBody(body: unknown): ListParams {
  const filter = (body as { filter?: unknown } | null)?.filter;
  if (filter !== undefined && filterDepth(filter) > MAX_FILTER_DEPTH) {
    throw badRequest(`filters may nest at most ${MAX_FILTER_DEPTH} levels`, [{ path: 'filter', message: 'nested too deeply' }]);
  }
  const parsed = listParamsSchema.safeParse(body ?? {});
  if (!parsed.success) throw validationError(parsed.error);
  return parsed.data;
}

const bulkSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('create'), rows: z.array(z.unknown()) }),
  z.object({ action: z.literal('update'), rows: z.array(z.unknown()) }),
  z.object({ action: z.literal('delete'), ids: z.array(z.unknown()) }),
  z.object({ action: z.literal('restore'), ids: z.array(z.unknown()) }),
  // The same values on every listed record: edit one field, change the owner.
  z.object({ action: z.literal('set'), ids: z.array(z.unknown()), values: z.record(z.string(), z.unknown()) }),
  z.object({ action: z.enum(['addTags', 'removeTags']), ids: z.array(z.unknown()), field: z.string().max(100).default('tags'), tags: z.array(z.unknown()) }),
]);

/** One set of routes for every object: /api/v1/{object}… */
export function registerRecordRoutes(app: FastifyInstance, db: Kysely<Database>, records: RecordService, related: RelatedRecords) {
  app.get('/api/v1/search', async (request) => {
    const ctx = requireAccess(request);
    const { q, objects } = parseInput(z.object({ q: z.string().max(200).default(''), objects: z.string().optional() }), request.query);
    return { data: await globalSearch(records, q, ctx, objects?.split(',')) };
  });

  app.get('/api/v1/:object', async (request) => {
    const { object } = parseInput(objectParams, request.params);
    return records.list(object, { ...parseListQuery(request.query), named: namedFilters(records, request.query) }, requireAccess(request));
  });

  app.post('/api/v1/:object/query', async (request) => {
    const { object } = parseInput(objectParams, request.params);
    return records.list(object, { ...parseListBody(request.body), named: namedFilters(records, request.body) }, requireAccess(request));
  });

  app.get('/api/v1/:object/aggregate', async (request) => {
    const { object } = parseInput(objectParams, request.params);
    const { groupBy, metrics } = parseInput(z.object({ groupBy: z.string().max(100).optional(), metrics: z.string().max(500).default('count') }), request.query);
    const { filter, q } = parseListQuery({ ...(request.query as object), groupBy: undefined, metrics: undefined });
    const data = await records.aggregate(object, { groupBy, metrics: metrics.split(',').map((m) => m.trim()).filter(Boolean), filter, q }, requireAccess(request));
    return { data };
  });

  app.get('/api/v1/:object/count', async (request) => {
    const { object } = parseInput(objectParams, request.params);
    const params = parseListQuery(request.query);
    return { total: await records.count(object, { ...params, named: namedFilters(records, request.query) }, requireAccess(request)) };
  });

  app.get('/api/v1/:object/deleted', async (request) => {
    const { object } = parseInput(objectParams, request.params);
    return records.list(object, { ...parseListQuery(request.query), deleted: true }, requireAccess(request));
  });

  // The list as the user sees it (filter, q, sort, fields) as CSV or XLSX, streamed page by page.
  app.get('/api/v1/:object/export', async (request, reply) => {
    const { object } = parseInput(objectParams, request.params);
    const ctx = requireAccess(request);
    const { format } = parseInput(z.object({ format: z.enum(['csv', 'xlsx']).default('csv') }), { format: (request.query as { format?: unknown }).format });
    const params = parseListQuery({ ...(request.query as object), format: undefined });
    const prepared = await prepareExport(db, records, object, { ...params, named: namedFilters(records, request.query) }, ctx, format);
    const lang = ctx.locale.startsWith('zh') ? 'zh' : 'en';
    const name = `${prepared.meta.pluralLabel[lang]}-${new Date().toISOString().slice(0, 10)}.${format}`;
    return reply
      .header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="${object}.${format}"; filename*=UTF-8''${encodeURIComponent(name)}`)
      .send(format === 'csv' ? exportCsv(prepared, lang) : exportXlsx(prepared, prepared.meta.pluralLabel[lang]));
  });

  // Administrators: every record of one user to another (a rep leaves), across objects.
  app.post('/api/v1/admin/owner-transfer', async (request) => {
    const ctx = requireAdmin(request);
    return { data: await transferOwnership(db, records, parseInput(ownerTransferSchema, request.body), ctx) };
  });

  app.post('/api/v1/:object/bulk', async (request) => {
    const { object } = parseInput(objectParams, request.params);
    const ctx = requireAccess(request);
    const body = parseInput(bulkSchema, request.body);
    switch (body.action) {
      case 'create':
        return { data: await records.bulkCreate(object, body.rows, ctx) };
      case 'update':
        return { data: await records.bulkUpdate(object, body.rows, ctx) };
      case 'delete':
        return records.bulkRemove(object, body.ids, ctx);
      case 'restore':
        return records.restore(object, body.ids, ctx);
      case 'set':
        return records.bulkSet(object, body.ids, body.values, ctx);
      case 'addTags':
      case 'removeTags':
        return records.bulkTags(object, body.ids, body.field, body.tags, body.action === 'addTags' ? 'add' : 'remove', ctx);
    }
  });

  app.get('/api/v1/:object/:id', async (request) => {
    const { object, id } = parseInput(recordParams, request.params);
    const { include } = parseInput(z.object({ include: z.string().optional() }), request.query);
    const ctx = requireAccess(request);
    const record = await records.get(object, id, ctx);
    const parts = new Set((include ?? '').split(',').filter(Boolean));
    const unknown = [...parts].filter((p) => p !== 'related' && p !== 'timeline');
    if (unknown.length) throw badRequest(`unknown include: ${unknown.join(', ')}`, [{ path: 'include', message: 'use related and/or timeline' }]);
    const meta = await records.object(object);
    return {
      data: record,
      ...(parts.has('related') ? { related: await related.relatedLists(meta, record.id as string, ctx) } : {}),
      ...(parts.has('timeline') ? { timeline: await related.timeline(meta, record.id as string, ctx) } : {}),
    };
  });

  app.get('/api/v1/:object/:id/related/:list', async (request) => {
    const { object, id, list } = parseInput(recordParams.extend({ list: z.string() }), request.params);
    const ctx = requireAccess(request);
    const record = await records.get(object, id, ctx);
    const [result] = await related.relatedLists(await records.object(object), record.id as string, ctx, list);
    return result;
  });

  app.get('/api/v1/:object/:id/timeline', async (request) => {
    const { object, id } = parseInput(recordParams, request.params);
    const ctx = requireAccess(request);
    const record = await records.get(object, id, ctx);
    return { data: await related.timeline(await records.object(object), record.id as string, ctx) };
  });

  app.post('/api/v1/:object', async (request, reply) => {
    const { object } = parseInput(objectParams, request.params);
    const data = await records.create(object, request.body, requireAccess(request));
    return reply.status(201).send({ data });
  });

  app.patch('/api/v1/:object/:id', async (request) => {
    const { object, id } = parseInput(recordParams, request.params);
    const version = versionFrom(request.headers['if-match'], request.body);
    return { data: await records.update(object, id, request.body, requireAccess(request), { version }) };
  });

  app.delete('/api/v1/:object/:id', async (request, reply) => {
    const { object, id } = parseInput(recordParams, request.params);
    await records.remove(object, id, requireAccess(request));
    return reply.status(204).send();
  });

  app.post('/api/v1/:object/:id/restore', async (request) => {
    const { object, id } = parseInput(recordParams, request.params);
    const ctx = requireAccess(request);
    await records.restore(object, [id], ctx);
    return { data: await records.get(object, id, ctx) };
  });
}

/** Version from If-Match ("3" or W/"3") or the body's version field. */
function versionFrom(ifMatch: string | undefined, body: unknown): number | undefined {
  if (ifMatch) {
    const n = Number(ifMatch.replace(/^W\//, '').replace(/"/g, ''));
    if (!Number.isInteger(n)) throw new ApiError('bad_request', 'If-Match must be the record version', [{ path: 'If-Match', message: 'must be an integer version' }]);
    return n;
  }
  const v = (body as { version?: unknown } | null)?.version;
  return typeof v === 'number' ? v : undefined;
}

