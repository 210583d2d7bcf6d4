import { dataResponse, failures, jsonBody, noContent, pathParam, uuidParam } from '../../http/openapi-parts.js';
import { eventBatch } from './collect/payload.js';
import { siteInput } from './sites/site-settings.js';

const siteKey = pathParam('siteKey');
const tags = ['website-tracking'];
const site = dataResponse('Site with siteKey, scriptUrl and the snippet to paste');

/** Website tracking in the OpenAPI document: the public snippet and event endpoint, site settings, a person's interests. */
export const TRACKING_OPENAPI: Record<string, unknown> = {
  '/t/{siteKey}/crm.js': {
    get: { tags, summary: 'The tracking script of a site (public JavaScript; one script tag on every page)', security: [], parameters: [siteKey], responses: { 200: { description: 'application/javascript' }, 404: { description: 'Unknown or switched-off site' } } },
  },
  '/t/{siteKey}/events': {
    post: {
      tags,
      summary: 'Receive a batch of website events (public; only from the site’s allowed origins; text/plain or JSON body, at most 32 KB and 50 events). Bots and Do-Not-Track requests are dropped silently.',
      security: [],
      parameters: [siteKey],
      requestBody: { required: true, content: { 'text/plain': { schema: { type: 'string', description: 'JSON of the application/json schema' } }, ...jsonBody(eventBatch).content } },
      responses: { 204: { description: 'Accepted (or dropped: bot, Do-Not-Track)' }, 400: { description: 'Not JSON, too large, another content type, or not a valid batch; details name the field (events.0.url)' }, 403: { description: 'Origin not allowed' }, 404: { description: 'Unknown or switched-off site' }, 429: { description: 'Too many requests from this address or visitor' } },
    },
    options: { tags, summary: 'CORS preflight for allowed origins', security: [], parameters: [siteKey], responses: { 204: { description: 'Allowed' }, 403: { description: 'Origin not allowed' } } },
  },
  '/api/v1/tracking/sites': {
    get: { tags, summary: 'Tracked sites with their snippet, events in the last day and the last event time (administrators)', responses: { 200: dataResponse('Sites'), ...failures } },
    post: { tags, summary: 'Add a tracked site', requestBody: jsonBody(siteInput), responses: { 201: site, ...failures } },
  },
  '/api/v1/tracking/sites/{id}': {
    get: { tags, summary: 'One tracked site', parameters: [uuidParam()], responses: { 200: site, ...failures } },
    put: { tags, summary: 'Change a tracked site (origins, retention, Do-Not-Track, opt-in)', parameters: [uuidParam()], requestBody: jsonBody(siteInput), responses: { 200: site, ...failures } },
    delete: { tags, summary: 'Delete a tracked site and its events', parameters: [uuidParam()], responses: { ...noContent, ...failures } },
  },
  '/api/v1/tracking/interests/{object}/{id}': {
    get: {
      tags,
      summary: 'What a lead or contact you may read looked at: visits, page views, top pages, downloads, custom events',
      parameters: [pathParam('object', { enum: ['leads', 'contacts'] }), uuidParam()],
      responses: { 200: dataResponse('{events, pageViews, visits, firstAt, lastAt, topPages, downloads, customEvents}'), ...failures },
    },
  },
};
