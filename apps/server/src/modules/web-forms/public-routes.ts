import cors from '@fastify/cors';
import formbody from '@fastify/formbody';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ApiError, badRequest, parseInput } from '../../http/errors.js';
import { EMBEDDABLE_HEADERS } from '../../http/security-headers.js';
import type { ModuleContext } from '../module.js';
import { formsDb, type WebForm } from './form-definition.js';
import { checkRateLimit } from './rate-limit.js';
import { embedScript, hostedPage, messagePage, thankYou, type FormLocale } from './render-form.js';
import { formNotFound, inactive, submitForm } from './submit-form.js';
import { publicUrlFrom } from '../../config.js';
import { baseUrlOf } from './routes.js';
import { UTM_KEYS } from './lead-fields.js';

/** The URL normalised if it is http(s), else null. */
function httpUrl(value: string | null): string | null {
  if (!value || !URL.canParse(value)) return null;
  const url = new URL(value);
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
}

const tokenParam = z.object({ token: z.string().min(8).max(100) });
const localeOf = (v: unknown): FormLocale => (v === 'en' ? 'en' : 'zh');
const submitPath = (token: string) => `/api/v1/public/forms/${encodeURIComponent(token)}/submissions`;

/**
 * What visitors reach without logging in: the hosted page (/f/:token), the embed script and the
 * submission endpoint (JSON or form-encoded; CORS open to any origin, no cookies, so the embed
 * works on any website). The form token is the only key.
 */
export async function registerPublicFormRoutes(app: FastifyInstance, { db: root, engine }: ModuleContext) {
  const db = formsDb(root);
  const activeForm = async (token: string) => {
    const form = (await db.selectFrom('web_forms').selectAll().where('token', '=', token).executeTakeFirst()) as WebForm | undefined;
    if (inactive(form)) throw formNotFound();
    return form;
  };

  app.get('/f/:token', { helmet: EMBEDDABLE_HEADERS }, async (request, reply) => {
    const { token } = parseInput(tokenParam, request.params);
    const query = request.query as Record<string, string | undefined>;
    const locale = localeOf(query.lang);
    const form = await activeForm(token).catch(() => null);
    if (!form) return reply.status(404).type('text/html').send(messagePage(locale === 'en' ? 'This form does not exist or is closed.' : '表单不存在或已停用。', locale, false));
    const hidden = { page_url: `${baseUrlOf(request)}${request.url}`, referrer: request.headers.referer ?? null, ...Object.fromEntries(UTM_KEYS.map((k) => [k, query[k] ?? null])) };
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(hostedPage(await engine.records.object('leads'), form, locale, submitPath(token), hidden));
  });

  // Cached by browsers and proxies for everyone, so nothing in it comes from the request (a forged
  // Host would send visitors' data elsewhere): the submit URL is CRM_PUBLIC_URL's, else the script
  // resolves the path against its own src.
  app.get('/f/:token/embed.js', { helmet: EMBEDDABLE_HEADERS }, async (request, reply) => {
    const { token } = parseInput(tokenParam, request.params);
    const form = await activeForm(token);
    return reply
      .type('application/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=60')
      .header('access-control-allow-origin', '*')
      .send(embedScript(await engine.records.object('leads'), form, `${publicUrlFrom() ?? ''}${submitPath(token)}`));
  });

  await app.register(
    async (scope) => {
      await scope.register(cors, { origin: '*', methods: ['POST'], credentials: false, maxAge: 86_400 });
      await scope.register(formbody);
      scope.post('/forms/:token/submissions', { helmet: EMBEDDABLE_HEADERS }, async (request, reply) => {
        const html = String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
        const body = (request.body ?? {}) as Record<string, unknown>;
        const locale = localeOf(body.lang);
        try {
          const { token } = parseInput(tokenParam, request.params);
          const form = await activeForm(token);
          await checkRateLimit(root, request.ip);
          if (typeof body !== 'object' || Array.isArray(body)) throw badRequest('the body must be an object of field values', [{ path: '', message: 'must be an object' }]);
          await submitForm(root, engine, form, body, request.ip);
          // Only the form's own redirect, and only to http(s) (a row saved before that was checked too).
          const redirectUrl = httpUrl(form.redirect_url);
          if (!html) return reply.status(201).send({ data: { received: true, messageZh: thankYou(form, 'zh'), messageEn: thankYou(form, 'en'), redirectUrl } });
          // A plain form post (the hosted page without JavaScript): go on to the redirect or show the thanks.
          if (redirectUrl) return reply.redirect(redirectUrl, 303);
          return reply.status(200).type('text/html; charset=utf-8').send(messagePage(thankYou(form, locale), locale, true));
        } catch (error) {
          if (!html || !(error instanceof ApiError)) throw error;
          return reply.status(error.status).type('text/html; charset=utf-8').send(messagePage(error.message, locale, false, error.details.map((d) => `${d.path}: ${d.message}`)));
        }
      });
    },
    { prefix: '/api/v1/public' },
  );
}

