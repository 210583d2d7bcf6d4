import type { MergeEntry } from '@crm/schema';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireAccess, requireAdmin } from '../../engine/permissions/request-access.js';
import { requireScope, scopeCondition } from '../../engine/permissions/access.js';
import { badRequest, notFound, parseInput } from '../../http/errors.js';
import type { ModuleContext } from '../module.js';
import type { DuplicateChecker } from './check-duplicates.js';
import { forgetBlockingRules } from './block-duplicates.js';
import { findDuplicateGroups } from './find-duplicate-groups.js';
import { MAX_MERGED, mergeRecords } from './merge-records.js';
import { mergePreview } from './merge-preview.js';
import { DEFAULT_RULES, loadRules, ruleSettings, saveRule } from './rules.js';
import { undoMerge } from './undo-merge.js';
import { sql } from 'kysely';

const objectParams = z.object({ object: z.string() });
const finderQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(2000).optional(),
  fuzzy: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
});

export function registerDuplicateRoutes(app: FastifyInstance, { engine, db }: ModuleContext, checker: DuplicateChecker) {
  app.get('/api/v1/duplicate-rules', async (request) => {
    requireAccess(request);
    const data = [];
    for (const object of Object.keys(DEFAULT_RULES)) data.push({ object, rules: await loadRules(db, object) });
    return { data };
  });

  app.put('/api/v1/duplicate-rules/:object/:key', async (request) => {
    const admin = requireAdmin(request);
    const { object, key } = parseInput(z.object({ object: z.string(), key: z.string() }), request.params);
    const rule = DEFAULT_RULES[object]?.find((r) => r.key === key);
    if (!rule) throw notFound(`duplicate rule ${object}/${key}`);
    await saveRule(db, object, key, parseInput(ruleSettings, request.body), { actorId: admin.userId, objectLabel: engine.metadata.get(object).label });
    forgetBlockingRules();
    return { data: (await loadRules(db, object)).find((r) => r.key === key) };
  });

  app.post('/api/v1/:object/duplicates/check', async (request) => {
    const { object } = parseInput(objectParams, request.params);
    const ctx = requireAccess(request);
    const meta = await engine.records.object(object);
    requireScope(ctx, object, 'read');
    const body = request.body;
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('send the record as a JSON object', [{ path: '', message: 'must be an object' }]);
    const { id, ...values } = body as Record<string, unknown>;
    for (const name of Object.keys(values)) {
      if (!meta.fields.some((f) => f.name === name && !f.archived)) throw badRequest(`unknown field: ${name}`, [{ path: name, message: 'unknown field' }]);
    }
    let current: Record<string, unknown> = {};
    if (id !== undefined && id !== null) {
      if (typeof id !== 'string') throw badRequest('id must be a record id', [{ path: 'id', message: 'must be a record id' }]);
      current = await engine.records.get(object, id, ctx);
    }
    const merged = { ...current, ...values };
    const excludeId = current.id as string | undefined;
    return { data: await checker.findLikelyDuplicates(meta, merged, ctx, { excludeId }), elsewhere: await checker.ownedElsewhere(meta, merged, ctx, { excludeId }) };
  });

  app.get('/api/v1/:object/duplicates', async (request) => {
    const { object } = parseInput(objectParams, request.params);
    const ctx = requireAccess(request);
    const meta = await engine.records.object(object);
    requireScope(ctx, object, 'read');
    return findDuplicateGroups(db, checker, meta, parseInput(finderQuery, request.query), ctx);
  });

  app.get('/api/v1/:object/merge-preview', async (request) => {
    const { object } = parseInput(objectParams, request.params);
    const ctx = requireAccess(request);
    const meta = await engine.records.object(object);
    requireScope(ctx, object, 'read');
    const { ids } = parseInput(z.object({ ids: z.string().transform((s) => s.split(',').map((x) => x.trim().toLowerCase())).pipe(z.array(z.uuid()).min(2).max(MAX_MERGED + 1)) }), request.query);
    return { data: await mergePreview(engine, db, checker, meta, ids, ctx) };
  });

  app.post('/api/v1/:object/merge', async (request) => {
    const { object } = parseInput(objectParams, request.params);
    return { data: await mergeRecords(engine, db, object, request.body, requireAccess(request)) };
  });

  app.get('/api/v1/merges', async (request) => {
    const ctx = requireAccess(request);
    const { object, recordId, limit } = parseInput(
      z.object({ object: z.string(), recordId: z.uuid().optional(), limit: z.coerce.number().int().min(1).max(100).default(50) }),
      request.query,
    );
    await engine.records.object(object);
    requireScope(ctx, object, 'read');
    // Only merges whose survivor the user may read.
    const { rows } = await sql<MergeEntry>`
      SELECT m.id, m.object, m.survivor_id AS "survivorId", m.merged_ids AS "mergedIds", m.actor_id AS "actorId", m.at,
             m.undone_at AS "undoneAt", m.undone_by AS "undoneBy", jsonb_array_length(m.moved) AS "movedCount",
             t.${sql.ref((await engine.records.object(object)).titleField)} AS "survivorTitle"
      FROM merges m JOIN ${sql.table(object)} t ON t.id = m.survivor_id
      WHERE m.object = ${object} AND ${scopeCondition(ctx, object, 'read')}
        AND ${recordId ? sql`(m.survivor_id = ${recordId} OR m.merged_ids @> ARRAY[${recordId}]::uuid[])` : sql`true`}
      ORDER BY m.at DESC LIMIT ${limit}`.execute(db);
    return { data: rows };
  });

  app.post('/api/v1/merges/:id/undo', async (request) => {
    const { id } = parseInput(z.object({ id: z.string() }), request.params);
    return { data: await undoMerge(engine, db, id, requireAccess(request)) };
  });
}
