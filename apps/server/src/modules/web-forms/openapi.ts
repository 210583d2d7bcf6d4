import { jsonBody } from '../../http/openapi-parts.js';
import { webFormInput } from './form-definition.js';
const token = { name: 'token', in: 'path', required: true, schema: { type: 'string' } };
const id = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const tags = ['web-forms'];

/** Web-form routes in the OpenAPI document (the public submission endpoint is what integrators call). */
export const WEB_FORMS_OPENAPI: Record<string, unknown> = {
  '/api/v1/public/forms/{token}/submissions': {
    post: {
      tags,
      summary: 'Submit a web form (public, no login, CORS open): JSON or form-encoded field values, plus utm_source|medium|campaign|term|content, page_url, referrer',
      parameters: [token],
      security: [],
      requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', additionalProperties: true } }, 'application/x-www-form-urlencoded': { schema: { type: 'object', additionalProperties: true } } } },
      responses: { 201: { description: 'Received: {data: {received, messageZh, messageEn, redirectUrl}}' }, 400: { description: 'Invalid; details name each field' }, 404: { description: 'Unknown or inactive form' }, 429: { description: 'Too many submissions from this address' } },
    },
  },
  '/api/v1/web-forms': {
    get: { tags, summary: 'Web forms with hosted page URL, embed snippet and submission counts (administrators)', responses: { 200: { description: 'Forms' } } },
    post: { tags, summary: 'Create a web form', requestBody: jsonBody(webFormInput), responses: { 201: { description: 'Created' }, 400: { description: 'Invalid; details name the field (fields.1.field, redirectUrl, …)' } } },
  },
  '/api/v1/web-forms/fields': {
    get: { tags, summary: 'Lead fields a form may ask for (administrators)', responses: { 200: { description: 'Fields: {data: [{name, label: {zh, en}, type, required, custom}]}', content: { 'application/json': { schema: { type: 'object', properties: { data: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, label: { type: 'object', properties: { zh: { type: 'string' }, en: { type: 'string' } } }, type: { type: 'string' }, required: { type: 'boolean' }, custom: { type: 'boolean' } } } } } } } } } } },
  },
  '/f/{token}': {
    get: { tags, summary: 'The hosted form page (public HTML); lang=zh-CN|en, utm_* and the referrer are kept with the submission', security: [], parameters: [token, { name: 'lang', in: 'query', schema: { enum: ['zh-CN', 'en'] } }], responses: { 200: { description: 'text/html' }, 404: { description: 'Unknown or inactive form (HTML)' } } },
  },
  '/f/{token}/embed.js': {
    get: { tags, summary: 'Script that renders the form inside another site (public JavaScript)', security: [], parameters: [token], responses: { 200: { description: 'application/javascript' }, 404: { description: 'Unknown or inactive form' } } },
  },
  '/api/v1/web-forms/{id}': {
    get: { tags, summary: 'One web form', parameters: [id], responses: { 200: { description: 'Form' } } },
    put: { tags, summary: 'Replace a web form', parameters: [id], requestBody: jsonBody(webFormInput), responses: { 200: { description: 'Saved' } } },
    delete: { tags, summary: 'Delete a web form (its leads stay)', parameters: [id], responses: { 204: { description: 'Deleted' } } },
  },
  '/api/v1/pool/{object}': {
    get: { tags: ['pool'], summary: 'Public pool (公海): customers or leads without an owner; list parameters as for /api/v1/{object}', parameters: [{ name: 'object', in: 'path', required: true, schema: { enum: ['customers', 'leads'] } }], responses: { 200: { description: 'Records' } } },
  },
  '/api/v1/pool/{object}/{id}/claim': {
    post: { tags: ['pool'], summary: 'Claim a pool record', parameters: [{ name: 'object', in: 'path', required: true, schema: { enum: ['customers', 'leads'] } }, id], responses: { 200: { description: 'Claimed' }, 409: { description: '已被 X 领取 (someone was first)' }, 422: { description: 'Past the cap of the user’s role' } } },
  },
  '/api/v1/pool/{object}/{id}/release': {
    post: { tags: ['pool'], summary: 'Return a record to the pool (its owner, or users who may update all)', parameters: [{ name: 'object', in: 'path', required: true, schema: { enum: ['customers', 'leads'] } }, id], responses: { 200: { description: 'Released' }, 403: { description: 'Not yours' }, 409: { description: 'Already in the pool' } } },
  },
};
