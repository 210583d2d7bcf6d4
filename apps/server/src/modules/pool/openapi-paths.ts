import { dataResponse, failures, jsonBody, listOf, objectOf } from '../../http/openapi-parts.js';
import { capsInput } from './routes.js';

const cap = objectOf({ roleId: { type: 'string', format: 'uuid' }, object: { enum: ['customers', 'leads'] }, maxOwned: { type: ['integer', 'null'] } });

/** Pool caps per role and the signed-in user's usage (the pool's list, claim and release are in the web-forms file). */
export const POOL_PATHS: Record<string, unknown> = {
  '/api/v1/pool-usage': {
    get: { tags: ['pool'], summary: 'How many customers and leads I own, against my role’s caps', responses: { 200: dataResponse('Usage per object: {customers: {owned, cap}, leads: {…}}', { type: 'object', additionalProperties: objectOf({ owned: { type: 'integer' }, cap: { type: ['integer', 'null'] } }) }), ...failures } },
  },
  '/api/v1/pool-caps': {
    get: { tags: ['pool'], summary: 'Caps on owned records per role and object (administrators)', responses: { 200: dataResponse('Caps', listOf(cap)), ...failures } },
    put: { tags: ['pool'], summary: 'Replace the caps (administrators); maxOwned null means no cap', requestBody: jsonBody(capsInput), responses: { 200: dataResponse('Caps', listOf(cap)), ...failures } },
  },
};
