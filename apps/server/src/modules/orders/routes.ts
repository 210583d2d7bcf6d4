import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireAccess } from '../../engine/permissions/request-access.js';
import { parseInput } from '../../http/errors.js';
import type { ModuleContext } from '../module.js';
import { customerValue, dealValue } from './customer-value.js';
import { createInstalments, instalmentsInput } from './instalments.js';

const idParams = z.object({ id: z.string() });

export function registerOrderRoutes(app: FastifyInstance, { engine, db }: ModuleContext) {
  /** Generates a payment plan of N instalments for an order without one. */
  app.post('/api/v1/orders/:id/instalments', async (request, reply) => {
    const { id } = parseInput(idParams, request.params);
    const ctx = requireAccess(request);
    const input = parseInput(instalmentsInput, request.body);
    await engine.records.object('payment_plans');
    const plans = await db.transaction().execute((trx) => createInstalments(engine.records.inTransaction(trx), id, input, ctx));
    return reply.status(201).send({ data: plans });
  });

  app.get('/api/v1/customers/:id/value', async (request) => {
    const { id } = parseInput(idParams, request.params);
    return { data: await customerValue({ engine, db }, id, requireAccess(request)) };
  });

  app.get('/api/v1/deals/:id/value', async (request) => {
    const { id } = parseInput(idParams, request.params);
    return { data: await dealValue({ engine, db }, id, requireAccess(request)) };
  });
}
