import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { countHit } from '../../../http/hit-window.js';
import type { Engine } from '../../../engine/index.js';
import type { ModuleContext } from '../../module.js';
import { escapeHtml } from './render.js';
import { recordEngagement, recipientLocale, unsubscribeRecipient } from './events.js';
import { PUBLIC_PREFIX, trackingSecret, verify, type LinkKind } from './tracking.js';

const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const params = z.object({ id: z.uuid(), sig: z.string().regex(/^[\w-]{43}(\.gif)?$/) });
const clickQuery = z.object({ u: z.string().min(8).max(2000) });

/** Hits one address may make on the public tracking pages per minute (CRM_MARKETING_RATE_LIMIT, default 300). */
const rateLimit = () => Number(process.env.CRM_MARKETING_RATE_LIMIT || 300);

const TEXT = {
  zh: { title: '退订营销邮件', ask: '确定不再接收我们的营销邮件吗？', button: '确认退订', done: '您已退订，今后不会再收到我们的营销邮件。', bad: '链接无效或已过期。', busy: '请求过于频繁，请稍后再试。' },
  en: { title: 'Unsubscribe', ask: 'Stop receiving our marketing e-mails?', button: 'Unsubscribe', done: 'You are unsubscribed and will get no more marketing e-mails from us.', bad: 'This link is not valid.', busy: 'Too many requests; please try again later.' },
};
type PageText = (typeof TEXT)['zh'];

function page(locale: string | null, body: (t: PageText) => string) {
  const t = TEXT[locale === 'en' ? 'en' : 'zh'];
  return `<!doctype html><html lang="${locale === 'en' ? 'en' : 'zh-CN'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(t.title)}</title>
<style>body{margin:0;padding:32px 16px;background:#f5f5f5;font-family:sans-serif}main{background:#fff;max-width:520px;margin:0 auto;padding:24px;border-radius:8px}button{padding:8px 20px;font-size:16px}</style></head>
<body><main>${body(t)}</main></body></html>`;
}

/** Changes where a delivered recipient's click lands (website tracking adds who clicked, signed); returns the URL to redirect to. */
export type LandingDecorator = (target: string, click: { contactId: string }) => Promise<string>;
const landingDecorators = new WeakMap<Engine, LandingDecorator[]>();

/** Adds a landing decorator for an app's click redirect (a module's register). */
export function addLandingDecorator(engine: Engine, decorate: LandingDecorator) {
  landingDecorators.set(engine, [...(landingDecorators.get(engine) ?? []), decorate]);
}

/**
 * What recipients' mail clients and browsers reach without logging in: the open pixel, the click
 * redirect and the unsubscribe page (GET shows a button, POST unsubscribes: RFC 8058 one-click
 * from the mail client, or the button). Every link carries an HMAC of what it is for, so a link
 * cannot be altered to point elsewhere (no open redirect) or to act for another recipient.
 * Junk is a 4xx; each address is rate-limited.
 */
export async function registerPublicEmailRoutes(app: FastifyInstance, { db, engine }: ModuleContext) {
  const checked = async (request: FastifyRequest, reply: FastifyReply, kind: LinkKind, target = ''): Promise<string | null> => {
    if ((await countHit(db, 'marketing_hits', request.ip, 60)) > rateLimit()) {
      reply.status(429).type('text/plain; charset=utf-8').send('too many requests');
      return null;
    }
    const parsed = params.safeParse(request.params);
    if (!parsed.success || !verify(await trackingSecret(db), kind, parsed.data.id.toLowerCase(), parsed.data.sig.replace(/\.gif$/, ''), target)) {
      reply.status(404).type('text/plain; charset=utf-8').send('not found');
      return null;
    }
    return parsed.data.id.toLowerCase();
  };

  app.get(`${PUBLIC_PREFIX}/o/:id/:sig`, async (request, reply) => {
    const id = await checked(request, reply, 'open');
    if (!id) return reply;
    await recordEngagement(db, engine, id, 'open');
    return reply.type('image/gif').header('cache-control', 'no-store, private').send(GIF);
  });

  app.get(`${PUBLIC_PREFIX}/c/:id/:sig`, async (request, reply) => {
    const query = clickQuery.safeParse(request.query);
    const target = query.success && /^https?:\/\//i.test(query.data.u) && URL.canParse(query.data.u) ? query.data.u : null;
    if (!target) return reply.status(400).type('text/plain; charset=utf-8').send('invalid link');
    const id = await checked(request, reply, 'click', target);
    if (!id) return reply;
    const hit = await recordEngagement(db, engine, id, 'click');
    let landing = target;
    // Decorators tie the landing browser to a contact; a lead recipient's click lands undecorated.
    if (hit?.contact_id) for (const decorate of landingDecorators.get(engine) ?? []) landing = await decorate(landing, { contactId: hit.contact_id });
    return reply.header('cache-control', 'no-store, private').redirect(landing, 302);
  });

  await app.register(async (scope) => {
    await scope.register(formbody);
    // RFC 8058 lets the mail client post multipart too; the body says nothing we need.
    scope.addContentTypeParser('multipart/form-data', (_request, payload, done) => {
      payload.resume();
      payload.on('end', () => done(null, {}));
    });
    const unsubscribePage = `${PUBLIC_PREFIX}/u/:id/:sig`;
    scope.get(unsubscribePage, async (request, reply) => {
      const id = await checked(request, reply, 'unsubscribe');
      if (!id) return reply;
      const locale = await recipientLocale(db, id);
      if (!locale) return reply.status(404).type('text/html; charset=utf-8').send(page(null, (t) => `<p>${t.bad}</p>`));
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page(locale, (t) => `<p>${t.ask}</p><form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">${t.button}</button></form>`));
    });
    scope.post(unsubscribePage, async (request, reply) => {
      const id = await checked(request, reply, 'unsubscribe');
      if (!id) return reply;
      const done = await unsubscribeRecipient(db, engine, id);
      if (!done) return reply.status(404).type('text/html; charset=utf-8').send(page(null, (t) => `<p>${t.bad}</p>`));
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page(done.locale, (t) => `<p class="done">${t.done}</p>`));
    });
  });
}
