import { currencySettingsInput } from '@crm/schema';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireAccess, requireAdmin } from '../../engine/permissions/request-access.js';
import { parseInput } from '../../http/errors.js';
import type { ModuleContext } from '../module.js';
import { readCurrencySettings, saveCurrencySettings } from './settings.js';

/** Everyone signed in reads the company currency (to show sums in it); administrators set it and the rates. */
export function registerCurrencyRoutes(app: FastifyInstance, { db, engine }: ModuleContext) {
  app.get('/api/v1/currency-settings', async (request) => {
    requireAccess(request);
    const { include } = parseInput(z.object({ include: z.enum(['unrated']).optional() }), request.query);
    return { data: await readCurrencySettings(db, engine.metadata, include === 'unrated') };
  });
  app.put('/api/v1/currency-settings', async (request) => {
    const access = requireAdmin(request);
    return { data: await saveCurrencySettings(db, engine.metadata, parseInput(currencySettingsInput, request.body), access.userId) };
  });
}
