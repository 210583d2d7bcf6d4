import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { publicUrlFrom } from '../../../config.js';
import { ApiError, badRequest, parseInput } from '../../../http/errors.js';
import { EMBEDDABLE_HEADERS } from '../../../http/security-headers.js';
import type { ModuleContext } from '../../module.js';
import { identifyFromBatch } from '../identity/batch-identity.js';
import { originAllowed } from '../sites/site-settings.js';
import type { TrackingSite } from '../tables.js';
import type { EventBuffer } from './event-buffer.js';
import type { HitCounter } from './hit-counter.js';
import type { EventRow } from './event-rows.js';
import { asksNotToTrack, checkTrackingRate, isBotRequest } from './guards.js';
import { eventBatch, MAX_BODY_BYTES, type EventBatch } from './payload.js';
import { trackingScript } from './snippet.js';

const keyParam = z.object({ siteKey: z.string().min(8).max(100) });
const eventsPath = (siteKey: string) => `/t/${encodeURIComponent(siteKey)}/events`;
/** How far back a page's clock may date an event (a batch waits at most seconds; a tab asleep, a while). */
const MAX_AGE_MS = 24 * 3_600_000;

const siteGone = () => new ApiError('not_found', 'this tracking site does not exist or is switched off');

function pathOf(url: string) {
  return URL.parse(url)!.pathname.slice(0, 1000);
}

/** The stored rows of a batch (identify and link calls are not events); times from the page, kept within the last day. */
export function rowsOf(site: TrackingSite, batch: EventBatch, now = Date.now()): EventRow[] {
  const rows: EventRow[] = [];
  for (const e of batch.events) {
    if (e.type === 'identify' || e.type === 'link') continue;
    const at = new Date(e.at && e.at <= now && e.at > now - MAX_AGE_MS ? e.at : now).toISOString();
    const base = { site_id: site.id, visitor_id: batch.visitorId, type: e.type, at, name: null, title: null, referrer: null, target: null, props: null };
    if (e.type === 'page_view') rows.push({ ...base, url: e.url, path: pathOf(e.url), title: e.title || null, referrer: e.referrer || null });
    else if (e.type === 'custom') rows.push({ ...base, name: e.name, url: e.url ?? null, path: e.url ? pathOf(e.url) : null, props: e.props ? JSON.stringify(e.props) : null });
    else rows.push({ ...base, url: e.url, path: pathOf(e.url), target: e.target });
  }
  return rows;
}

function parseBody(body: unknown): EventBatch {
  let value: unknown;
  try {
    value = typeof body === 'string' ? JSON.parse(body) : body;
  } catch {
    throw badRequest('the body must be JSON: {visitorId, events: [...]}', [{ path: '', message: 'not JSON' }]);
  }
  return parseInput(eventBatch, value);
}

/**
 * The snippet (GET /t/:siteKey/crm.js) and the event endpoint (POST /t/:siteKey/events). The endpoint
 * answers only the site's allowed origins, takes bounded, validated batches, drops bots and
 * do-not-track requests without a word, limits the rate per address and per visitor, and writes
 * nothing but events (and, for identify and e-mail link tokens, which person the visitor is).
 */
export function registerCollectRoutes(app: FastifyInstance, { db }: ModuleContext, sites: { byKey(key: string): Promise<TrackingSite | undefined> }, buffer: EventBuffer, counter: HitCounter) {
  const activeSite = async (request: FastifyRequest) => {
    const { siteKey } = parseInput(keyParam, request.params);
    const site = await sites.byKey(siteKey);
    if (!site || !site.active) throw siteGone();
    return site;
  };
  const allowOrigin = (site: TrackingSite, request: FastifyRequest, reply: FastifyReply) => {
    const origin = request.headers.origin;
    if (!originAllowed(site, origin)) throw new ApiError('forbidden', `origin ${origin ?? '(none)'} may not send events to this site; an administrator adds it under 网站追踪 → allowed origins`);
    reply.header('access-control-allow-origin', origin).header('vary', 'Origin');
  };

  app.get('/t/:siteKey/crm.js', { helmet: EMBEDDABLE_HEADERS }, async (request, reply) => {
    const site = await activeSite(request);
    return reply
      .type('application/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=300')
      .header('access-control-allow-origin', '*')
      .send(trackingScript(site, `${publicUrlFrom() ?? ''}${eventsPath(site.site_key)}`));
  });

  app.register(async (scope) => {
    // sendBeacon posts text/plain (no preflight); fetch may post JSON. Both are read as text here.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(['text/plain', 'application/json'], { parseAs: 'string', bodyLimit: MAX_BODY_BYTES }, (_req, body, done) => done(null, body));

    scope.options('/t/:siteKey/events', async (request, reply) => {
      const site = await activeSite(request);
      allowOrigin(site, request, reply);
      return reply.header('access-control-allow-methods', 'POST').header('access-control-allow-headers', 'content-type').header('access-control-max-age', '86400').status(204).send();
    });

    // No helmet headers: the answer is an empty 204 (or a JSON error) to a script, never a document
    // to frame or sniff, and setting a dozen headers was a twentieth of this hot path's time.
    scope.post('/t/:siteKey/events', { bodyLimit: MAX_BODY_BYTES, helmet: false }, async (request, reply) => {
      const site = await activeSite(request);
      allowOrigin(site, request, reply);
      const batch = parseBody(request.body);
      if (isBotRequest(request) || (site.honour_dnt && asksNotToTrack(request))) return reply.status(204).send();
      checkTrackingRate(counter, request.ip, batch.visitorId);
      if (batch.events.some((e) => e.type === 'identify' || e.type === 'link')) await identifyFromBatch(db, batch);
      await buffer.add(rowsOf(site, batch));
      return reply.status(204).send();
    });
  });
}
