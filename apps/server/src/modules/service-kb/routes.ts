import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { publicUrlFrom } from '../../config.js';
import { requireAccess } from '../../engine/permissions/request-access.js';
import { requireVisibleFields, scopeCondition } from '../../engine/permissions/access.js';
import { badRequest, parseInput } from '../../http/errors.js';
import type { ModuleContext } from '../module.js';
import { excerpt, plainText, renderBody } from './articles/render.js';
import { PUBLIC_ONLY, findArticles } from './articles/search.js';
import { getVersion, listVersions, restoreVersion } from './articles/versions.js';

const idParam = z.object({ id: z.uuid() });
const versionParams = z.object({ id: z.uuid(), versionId: z.uuid() });
export const previewInput = z.object({ body: z.string().max(100_000) });
export const suggestQuery = z.object({ q: z.string().max(2000).optional(), ticket: z.uuid().optional(), limit: z.coerce.number().int().min(1).max(20).default(5) });
export const publicSearchQuery = z.strictObject({ q: z.string().trim().min(1).max(100), lang: z.enum(['zh', 'en']).optional(), limit: z.coerce.number().int().min(1).max(20).default(5) });

export const articleUrl = (slug: string, lang?: string) => `${publicUrlFrom() ?? ''}/help/articles/${encodeURIComponent(slug)}${lang ? `?lang=${lang}` : ''}`;

export function registerKbRoutes(app: FastifyInstance, { db, engine }: ModuleContext) {
  app.get('/api/v1/kb_articles/:id/versions', async (request) => {
    const access = requireAccess(request);
    const { id } = parseInput(idParam, request.params);
    return { data: await listVersions(db, engine, access, id) };
  });
  app.get('/api/v1/kb_articles/:id/versions/:versionId', async (request) => {
    const access = requireAccess(request);
    const { id, versionId } = parseInput(versionParams, request.params);
    return { data: await getVersion(db, engine, access, id, versionId) };
  });
  app.post('/api/v1/kb_articles/:id/versions/:versionId/restore', async (request) => {
    const access = requireAccess(request);
    const { id, versionId } = parseInput(versionParams, request.params);
    return { data: await restoreVersion(db, engine, access, id, versionId) };
  });
  // The editor's preview of unsaved Markdown, rendered and sanitised exactly as the help centre does.
  app.post('/api/v1/kb/preview', async (request) => {
    requireAccess(request);
    const { body } = parseInput(previewInput, request.body);
    return { data: { html: renderBody(body) } };
  });

  // What the agent is writing about: the ticket's subject and description, plus any typed text.
  app.get('/api/v1/kb/suggest', async (request) => {
    const access = requireAccess(request);
    const { q, ticket, limit } = parseInput(suggestQuery, request.query);
    requireVisibleFields(access, 'kb_articles', ['title', 'body']);
    const parts = [q ?? ''];
    if (ticket) {
      const t = await engine.records.get('tickets', ticket, access);
      parts.push(String(t.subject ?? ''), String(t.description ?? ''));
    }
    const text = parts.join(' ').trim();
    if (!text) throw badRequest('give q or ticket', [{ path: 'q', message: 'nothing to suggest for' }]);
    await engine.records.object('kb_articles');
    const hits = await findArticles(db, text.slice(0, 2000), { any: true, limit, where: scopeCondition(access, 'kb_articles', 'read') });
    return {
      data: hits.map((h) => ({
        id: h.id,
        slug: h.slug,
        title: h.title,
        excerpt: excerpt(h.body),
        text: plainText(h.body),
        visibility: h.visibility,
        url: h.visibility === 'public' ? articleUrl(h.slug) : null,
      })),
    };
  });

  // The contract the portal and chat use: public, published articles only.
  app.get('/api/public/kb/search', async (request) => {
    const { q, lang, limit } = parseInput(publicSearchQuery, request.query);
    const hits = await findArticles(db, q, { any: false, limit, language: lang, where: PUBLIC_ONLY });
    return { items: hits.map((h) => ({ id: h.id, slug: h.slug, title: h.title, excerpt: excerpt(h.body), url: articleUrl(h.slug, h.language === 'en' ? 'en' : undefined) })) };
  });
}
