import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { publicUrlFrom } from '../../../config.js';
import { ApiError, parseInput } from '../../../http/errors.js';
import type { ModuleContext } from '../../module.js';
import { PUBLIC_ONLY, findArticles } from '../articles/search.js';
import { HELP_TEXTS, type HelpLang } from '../locales/help-texts.js';
import { articlePage, homePage, messagePage, resultsPage } from './pages.js';
import { castVote, checkVoteRate, countView, newVisitorId, publicArticle, publicArticles } from './queries.js';

const VISITOR_COOKIE = 'crm_help_visitor';
const slugParam = z.object({ slug: z.string().min(1).max(120) });
const homeQuery = z.object({ q: z.string().trim().max(100).optional(), lang: z.string().optional() });
const voteBody = z.object({ helpful: z.enum(['yes', 'no']) });

/** ?lang=zh|en, else the browser's Accept-Language (English only when it comes before Chinese). */
export function helpLang(request: FastifyRequest): HelpLang {
  const asked = (request.query as Record<string, unknown> | undefined)?.lang;
  if (asked === 'en' || asked === 'zh') return asked;
  const accept = String(request.headers['accept-language'] ?? '').toLowerCase();
  const en = accept.indexOf('en');
  const zh = accept.indexOf('zh');
  return en >= 0 && (zh < 0 || en < zh) ? 'en' : 'zh';
}

const absolute = (path: string) => {
  const base = publicUrlFrom();
  return base ? `${base}${path}` : null;
};

const html = (reply: FastifyReply, body: string, status = 200) =>
  reply.status(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);

/**
 * The public help centre, rendered on the server (works without JavaScript): home with categories,
 * search, article pages with votes and a view counter, and a sitemap. Only public, published articles.
 */
export async function registerHelpRoutes(app: FastifyInstance, { db, engine }: ModuleContext) {
  const categoryLabels = async (lang: HelpLang) => {
    const meta = await engine.records.object('kb_articles');
    const options = meta.fields.find((f) => f.name === 'category')?.options ?? [];
    return new Map(options.map((o) => [o.value, o.label[lang] ?? o.value]));
  };

  app.get('/help', async (request, reply) => {
    const { q } = parseInput(homeQuery, request.query);
    const lang = helpLang(request);
    const labels = await categoryLabels(lang);
    if (q) {
      const hits = await findArticles(db, q, { any: false, limit: 20, language: lang, where: PUBLIC_ONLY });
      return html(reply, resultsPage(lang, q, hits, labels));
    }
    const articles = await publicArticles(db, lang);
    return html(reply, homePage(lang, articles, labels, absolute(`/help?lang=${lang}`)));
  });

  app.get('/help/articles/:slug', async (request, reply) => {
    const { slug } = parseInput(slugParam, request.params);
    const article = await publicArticle(db, slug);
    const lang = article && !(request.query as Record<string, unknown>).lang ? (article.language === 'en' ? 'en' : 'zh') : helpLang(request);
    if (!article) return html(reply, messagePage(lang, HELP_TEXTS[lang].notFound), 404);
    await countView(db, article.id);
    article.views += 1;
    const notice = (request.query as Record<string, unknown>).voted;
    const labels = await categoryLabels(lang);
    return html(reply, articlePage(lang, article, labels, absolute(`/help/articles/${encodeURIComponent(article.slug)}`), typeof notice === 'string' ? notice : undefined));
  });

  await app.register(async (scope) => {
    await scope.register(formbody);
    // A plain form post; the visitor cookie makes a second vote from the same browser count nothing.
    scope.post('/help/articles/:slug/vote', async (request, reply) => {
      const { slug } = parseInput(slugParam, request.params);
      const lang = helpLang(request);
      const { helpful } = parseInput(voteBody, request.body ?? {});
      const article = await publicArticle(db, slug);
      if (!article) return html(reply, messagePage(lang, HELP_TEXTS[lang].notFound), 404);
      try {
        await checkVoteRate(db, request.ip);
      } catch (error) {
        if (error instanceof ApiError) return html(reply, messagePage(lang, HELP_TEXTS[lang].tooMany), 429);
        throw error;
      }
      let visitor = request.cookies[VISITOR_COOKIE];
      if (!visitor || !/^[0-9a-f-]{36}$/.test(visitor)) {
        visitor = newVisitorId();
        reply.setCookie(VISITOR_COOKIE, visitor, { path: '/help', httpOnly: true, sameSite: 'lax', maxAge: 365 * 86_400, secure: process.env.CRM_COOKIE_SECURE === 'true' });
      }
      const counted = await castVote(db, article.id, visitor, helpful === 'yes');
      return reply.redirect(`/help/articles/${encodeURIComponent(slug)}?lang=${lang}&voted=${counted ? 'thanks' : 'again'}`, 303);
    });
  });

  app.get('/help/sitemap.xml', async (_request, reply) => {
    const base = publicUrlFrom() ?? '';
    const articles = await publicArticles(db, null);
    const urls = [
      `<url><loc>${base}/help?lang=zh</loc></url>`,
      `<url><loc>${base}/help?lang=en</loc></url>`,
      ...articles.map((a) => `<url><loc>${base}/help/articles/${encodeURIComponent(a.slug)}</loc><lastmod>${new Date(a.updated_at).toISOString()}</lastmod></url>`),
    ];
    return reply.type('application/xml; charset=utf-8').send(`<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n').replace(/&/g, '&amp;')}\n</urlset>\n`);
  });
}
