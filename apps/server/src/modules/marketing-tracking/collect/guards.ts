import type { FastifyRequest } from 'fastify';
import { isbot } from 'isbot';
import { ApiError } from '../../../http/errors.js';
import type { HitCounter } from './hit-counter.js';

/**
 * Requests per minute: CRM_TRACKING_RATE_IP from one address (offices share one, so generous) and
 * CRM_TRACKING_RATE_VISITOR from one visitor id. A request carries a batch of up to 50 events.
 */
export function trackingRateConfig() {
  return { perIp: Number(process.env.CRM_TRACKING_RATE_IP || 1200), perVisitor: Number(process.env.CRM_TRACKING_RATE_VISITOR || 120), windowSeconds: 60 };
}

/** Counts the request against its address and its visitor (counters shared through the database, like web forms'). */
export function checkTrackingRate(counter: HitCounter, ip: string, visitorId: string) {
  const { perIp, perVisitor, windowSeconds } = trackingRateConfig();
  const [byIp, byVisitor] = counter.hit([`ip:${ip}`, `v:${visitorId}`]);
  if (byIp > perIp || byVisitor > perVisitor) {
    throw new ApiError('rate_limited', `too many tracking requests from this ${byIp > perIp ? 'address' : 'visitor'}: at most ${byIp > perIp ? perIp : perVisitor} per ${windowSeconds} seconds`);
  }
}

/** Verdicts on user agents seen lately: a site's visitors share a few dozen, and the list is one big regex. */
const verdicts = new Map<string, boolean>();
const VERDICTS_KEPT = 1000;

/** Crawlers, monitors and headless tools (the maintained `isbot` list); no user agent at all counts as one. */
export const isBotRequest = (request: FastifyRequest) => {
  const agent = request.headers['user-agent'];
  if (!agent) return true;
  let bot = verdicts.get(agent);
  if (bot === undefined) {
    bot = isbot(agent);
    if (verdicts.size >= VERDICTS_KEPT) verdicts.clear();
    verdicts.set(agent, bot);
  }
  return bot;
};

/** The browser says not to track: Do-Not-Track or Global Privacy Control. */
export const asksNotToTrack = (request: FastifyRequest) => request.headers.dnt === '1' || request.headers['sec-gpc'] === '1';
