import { dataResponse, failures, jsonBody, listOf, objectOf, pathParam, queryParams, uuidParam } from '../../http/openapi-parts.js';
import { previewInput, publicSearchQuery, suggestQuery } from './routes.js';

const tags = ['kb_articles'];
const html = (description: string) => ({ description, content: { 'text/html': { schema: { type: 'string' } } } });
const version = objectOf({ id: { type: 'string' }, title: { type: 'string' }, createdAt: { type: 'string', format: 'date-time' }, createdBy: { type: ['object', 'null'] } });
const slug = pathParam('slug');

/** Knowledge base: versions, suggestions, the public search contract and the help centre pages. */
export const KB_PATHS: Record<string, unknown> = {
  '/api/v1/kb_articles/{id}/versions': {
    get: { tags, summary: "An article's saved versions (every change of title or body), newest first", parameters: [uuidParam()], responses: { 200: dataResponse('Versions', listOf(version)), ...failures } },
  },
  '/api/v1/kb_articles/{id}/versions/{versionId}': {
    get: { tags, summary: 'One version with its body', parameters: [uuidParam(), uuidParam('versionId')], responses: { 200: dataResponse('The version', objectOf({ id: { type: 'string' }, title: { type: 'string' }, body: { type: 'string' } })), ...failures } },
  },
  '/api/v1/kb_articles/{id}/versions/{versionId}/restore': {
    post: { tags, summary: "Make a version's title and body current again (an audited update that itself adds a version)", parameters: [uuidParam(), uuidParam('versionId')], responses: { 200: dataResponse('The article'), ...failures } },
  },
  '/api/v1/kb/preview': {
    post: { tags, summary: 'Markdown rendered and sanitised as the help centre shows it (the editor preview)', requestBody: jsonBody(previewInput), responses: { 200: dataResponse('HTML', objectOf({ html: { type: 'string' } })), ...failures } },
  },
  '/api/v1/kb/suggest': {
    get: { tags, summary: "Published articles most relevant to a ticket's subject and description and/or typed text (for the reply composer)", parameters: queryParams(suggestQuery), responses: { 200: dataResponse('Articles, best first', listOf(objectOf({ id: { type: 'string' }, slug: { type: 'string' }, title: { type: 'string' }, excerpt: { type: 'string' }, text: { type: 'string' }, url: { type: ['string', 'null'] } }))), ...failures } },
  },
  '/api/public/kb/search': {
    get: {
      tags,
      summary: 'Public, published articles matching q (2-character Chinese words, pinyin, words); no login; for the portal and chat',
      parameters: queryParams(publicSearchQuery),
      responses: { 200: { description: 'Matches, best first', content: { 'application/json': { schema: objectOf({ items: listOf(objectOf({ id: { type: 'string' }, slug: { type: 'string' }, title: { type: 'string' }, excerpt: { type: 'string' }, url: { type: 'string' } })) }) } } }, ...failures },
    },
  },
  '/help': { get: { tags, summary: 'Help centre home (HTML): categories, or search results with ?q=; ?lang=zh|en else Accept-Language', responses: { 200: html('Page') } } },
  '/help/articles/{slug}': { get: { tags, summary: 'A public article (HTML); counts a view', parameters: [slug], responses: { 200: html('Page'), 404: html('Not found or not public') } } },
  '/help/articles/{slug}/vote': {
    post: {
      tags,
      summary: 'Helpful / not helpful (form post, helpful=yes|no); once per visitor cookie, rate-limited per address; redirects back to the article',
      parameters: [slug],
      requestBody: { required: true, content: { 'application/x-www-form-urlencoded': { schema: objectOf({ helpful: { type: 'string', enum: ['yes', 'no'] } }) } } },
      responses: { 303: { description: 'Back to the article' }, 404: html('Not found'), 429: html('Too many votes') },
    },
  },
  '/help/sitemap.xml': { get: { tags, summary: 'Sitemap of the help centre for search engines', responses: { 200: { description: 'XML sitemap', content: { 'application/xml': { schema: { type: 'string' } } } } } } },
};
