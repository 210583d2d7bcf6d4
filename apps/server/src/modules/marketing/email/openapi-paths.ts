import { dataResponse, failures, jsonBody, objectOf, pathParam, queryParams, uuidParam } from '../../../http/openapi-parts.js';
import { previewInput, recipientsQuery, testSendInput } from './routes.js';

const tags = ['marketing-email'];
const report = dataResponse('{send, figures: {all, queued, delivered, skipped, opened, clicked, unsubscribed, bounced, failed}, skipped: {reason: count}}');
const publicParams = [uuidParam(), pathParam('sig', { type: 'string', description: 'HMAC of what the link is for' })];
const junk = { 404: { description: 'Unknown recipient or a signature that does not match' }, 429: { description: 'Too many requests from this address' } };

/** E-mail marketing routes beyond CRUD of marketing_templates and marketing_sends, and the public tracking pages. */
export const EMAIL_PATHS: Record<string, unknown> = {
  '/api/v1/marketing/email/preview': {
    post: { tags, summary: 'Render a template as edited (sanitised) for a contact you may read, or with fallbacks', requestBody: jsonBody(previewInput), responses: { 200: dataResponse('{subject, html, text}', objectOf({ subject: { type: 'string' }, html: { type: 'string' }, text: { type: 'string' } })), ...failures } },
  },
  '/api/v1/marketing/email/test-send': {
    post: { tags, summary: 'Send the rendered template to one address now (subject marked as a test; no tracking)', requestBody: jsonBody(testSendInput), responses: { 200: dataResponse('{sent: true}'), ...failures } },
  },
  '/api/v1/marketing_sends/{id}/start': {
    post: { tags, summary: 'Start a draft send: queue every audience contact you may read; skips (consent, bounced, no e-mail, duplicate address) are counted', parameters: [uuidParam()], responses: { 200: report, ...failures } },
  },
  '/api/v1/marketing_sends/{id}/cancel': {
    post: { tags, summary: 'Cancel a send: recipients not yet sent are not sent', parameters: [uuidParam()], responses: { 200: report, ...failures } },
  },
  '/api/v1/marketing_sends/{id}/report': {
    get: { tags, summary: 'Queued, delivered, skipped (by reason), opened, clicked, unsubscribed, bounced, failed', parameters: [uuidParam()], responses: { 200: report, ...failures } },
  },
  '/api/v1/marketing_sends/{id}/recipients': {
    get: { tags, summary: 'Recipients under one figure of the report; names and addresses only of contacts you may read', parameters: [uuidParam(), ...queryParams(recipientsQuery)], responses: { 200: { description: '{data: [...], total}' }, ...failures } },
  },
  '/m/o/{id}/{sig}': {
    get: { tags, security: [], summary: 'Open pixel (public): a 1×1 GIF; counts an open of a delivered recipient', parameters: publicParams, responses: { 200: { description: 'image/gif' }, ...junk } },
  },
  '/m/c/{id}/{sig}': {
    get: {
      tags,
      security: [],
      summary: 'Click redirect (public): counts a click and redirects to u, only when the signature covers that very URL',
      parameters: [...publicParams, { name: 'u', in: 'query', required: true, schema: { type: 'string', format: 'uri' } }],
      responses: { 302: { description: 'To the signed target' }, 400: { description: 'No or no http(s) target' }, ...junk },
    },
  },
  '/m/u/{id}/{sig}': {
    get: { tags, security: [], summary: 'Unsubscribe page (public HTML) with a one-click button', parameters: publicParams, responses: { 200: { description: 'text/html' }, ...junk } },
    post: {
      tags,
      security: [],
      summary: 'Unsubscribe (RFC 8058 one-click: List-Unsubscribe=One-Click): the contact opts out and the address gets no later marketing e-mail',
      parameters: publicParams,
      requestBody: { required: false, content: { 'application/x-www-form-urlencoded': { schema: { type: 'object', properties: { 'List-Unsubscribe': { type: 'string', enum: ['One-Click'] } } } } } },
      responses: { 200: { description: 'text/html: unsubscribed' }, ...junk },
    },
  },
};
