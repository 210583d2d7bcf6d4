import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { fieldAccess, requireScope, scopeFor, type AccessContext } from '../../engine/permissions/access.js';
import { requireAccess } from '../../engine/permissions/request-access.js';
import { forbidden, parseInput } from '../../http/errors.js';
import type { ModuleContext } from '../module.js';
import { computeScores, recomputeScores } from './compute.js';
import { SCORED_OBJECTS } from './fields.js';
import { requestFullRescore } from './jobs.js';
import { createRule, deleteRule, listRules, ruleInput, ruleView, updateRule } from './rules.js';

/** The permission key of the rules (granted per role like an object: 市场专员 reads, 市场经理 edits). */
export const RULES_KEY = 'scoring_rules';

const idParams = z.object({ id: z.uuid() });
export const personParams = z.object({ object: z.enum(SCORED_OBJECTS), id: z.uuid() });

/** Editing rules takes the 'all' update scope: they score every record, not the user's own. */
function requireEditor(ctx: AccessContext) {
  if (scopeFor(ctx, RULES_KEY, 'update') !== 'all') throw forbidden('only administrators and marketing managers may change scoring rules');
  return ctx;
}

/** Scoring rules (read, edit, recompute) and a lead's or contact's score card. */
export function registerScoringRoutes(app: FastifyInstance, { db, engine }: ModuleContext) {
  const recomputeAll = async () => Promise.all(SCORED_OBJECTS.map((object) => recomputeScores(db, engine, object)));

  app.get('/api/v1/lead-scoring/rules', async (request) => {
    requireScope(requireAccess(request), RULES_KEY, 'read');
    const rules = await listRules(db);
    return { data: rules.map(ruleView), canEdit: scopeFor(requireAccess(request), RULES_KEY, 'update') === 'all' };
  });

  app.post('/api/v1/lead-scoring/rules', async (request, reply) => {
    const ctx = requireEditor(requireAccess(request));
    const rule = await createRule(db, engine, parseInput(ruleInput, request.body), ctx.userId);
    await requestFullRescore(engine);
    return reply.status(201).send({ data: ruleView(rule) });
  });

  app.patch('/api/v1/lead-scoring/rules/:id', async (request) => {
    requireEditor(requireAccess(request));
    const { id } = parseInput(idParams, request.params);
    const rule = await updateRule(db, engine, id, parseInput(ruleInput, request.body));
    await requestFullRescore(engine);
    return { data: ruleView(rule) };
  });

  app.delete('/api/v1/lead-scoring/rules/:id', async (request, reply) => {
    requireEditor(requireAccess(request));
    const { id } = parseInput(idParams, request.params);
    await deleteRule(db, id);
    await requestFullRescore(engine);
    return reply.status(204).send();
  });

  app.post('/api/v1/lead-scoring/recompute', async (request) => {
    requireEditor(requireAccess(request));
    return { data: await recomputeAll() };
  });

  app.get('/api/v1/lead-scoring/:object/:id', async (request) => {
    const ctx = requireAccess(request);
    const { object, id } = parseInput(personParams, request.params);
    const record = await engine.records.get(object, id, ctx);
    if (fieldAccess(ctx, object, 'score') === 'hidden') return { data: { id, score: null, reasons: [], visible: false } };
    const [live] = await computeScores(db, engine, object, { only: [record.id as string] });
    return { data: { id, score: (record.score as number | null) ?? null, current: live?.score ?? 0, reasons: live?.reasons ?? [], visible: true } };
  });
}
