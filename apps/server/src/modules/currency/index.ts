import { currencySettingsInput } from '@crm/schema';
import { z } from 'zod';
import { addApiPaths } from '../../http/openapi.js';
import type { CrmModule } from '../module.js';
import { registerCurrencyRoutes } from './routes.js';

const errors = { 400: { description: 'Invalid input; details name the field' }, 401: { description: 'Not signed in' } };

/** The company currency (本位币) and exchange rates; the engine and the reports convert sums with them. */
export const currencyModule: CrmModule = {
  name: 'currency',
  register() {
    addApiPaths({
      '/api/v1/currency-settings': {
        get: {
          tags: ['settings'],
          summary: 'Company currency and exchange rates; with include=unrated also the currencies stored on records that have no rate (scans every money column)',
          parameters: [{ name: 'include', in: 'query', required: false, schema: { enum: ['unrated'] } }],
          responses: { 200: { description: '{data}' }, ...errors },
        },
        put: {
          tags: ['settings'],
          summary: 'Set the company currency and the whole list of rates {currency, rates: [{currency, rate}]} (1 unit of currency = rate units of the company currency; administrators)',
          requestBody: { required: true, content: { 'application/json': { schema: z.toJSONSchema(currencySettingsInput, { io: 'input', unrepresentable: 'any' }) } } },
          responses: { 200: { description: '{data}' }, ...errors, 403: { description: 'Administrators only' } },
        },
      },
    });
  },
  routes: registerCurrencyRoutes,
};
