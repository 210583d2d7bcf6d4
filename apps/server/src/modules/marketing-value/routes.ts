import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireAccess, requireAdmin } from '../../engine/permissions/request-access.js';
import { parseInput } from '../../http/errors.js';
import type { ModuleContext } from '../module.js';
import { latestTraining } from './churn/store.js';
import { trainAndSave } from './churn/train.js';
import { redeemCoupon } from './coupons/redeem.js';
import { valueCard, valueSummary } from './value/card.js';
import { recomputeCustomerValue } from './value/recompute.js';

const params = z.object({ id: z.uuid() });
export const summaryQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(20) }).strict();
export const redeemInput = z.object({ code: z.string().trim().min(4).max(40), orderId: z.uuid() }).strict();

/** Customer value (card, page summary, admin recompute and churn model) and coupon redemption. */
export function registerValueRoutes(app: FastifyInstance, { db, engine }: ModuleContext) {
  app.get('/api/v1/customer-value/customers/:id', async (request) => {
    const { id } = parseInput(params, request.params);
    return { data: await valueCard(db, engine, id, requireAccess(request)) };
  });

  app.get('/api/v1/customer-value/summary', async (request) => {
    const { limit } = parseInput(summaryQuery, request.query);
    return { data: await valueSummary(engine, requireAccess(request), limit) };
  });

  app.post('/api/v1/customer-value/recompute', async (request) => {
    requireAdmin(request);
    return { data: await recomputeCustomerValue(db, engine) };
  });

  app.get('/api/v1/customer-value/model', async (request) => {
    requireAdmin(request);
    return { data: await latestTraining(db) };
  });

  app.post('/api/v1/customer-value/model/train', async (request) => {
    requireAdmin(request);
    const result = await trainAndSave(db);
    const { model: _weights, ...shown } = result;
    return { data: { ...shown, recompute: await recomputeCustomerValue(db, engine) } };
  });

  app.post('/api/v1/coupons/redeem', async (request) => {
    const body = parseInput(redeemInput, request.body);
    return { data: await redeemCoupon(db, engine, requireAccess(request), body.code, body.orderId) };
  });
}
