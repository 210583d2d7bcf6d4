import { z } from 'zod';
import { LINK_TOKEN } from '../identity/link-token.js';

/** At most this many events in one request, and this many bytes in its body. */
export const MAX_EVENTS = 50;
export const MAX_BODY_BYTES = 32 * 1024;

/** One parse per URL: this runs for every URL of every event on the hot path. */
const isHttp = (v: string) => {
  const protocol = URL.parse(v)?.protocol;
  return protocol === 'https:' || protocol === 'http:';
};
const httpUrl = z.string().max(2000).refine(isHttp, 'must be an http(s) URL');
/** The page's time of the event (ms since epoch); the server clamps it to the last day. */
const at = z.number().int().positive().optional();
const eventName = z.string().regex(/^[A-Za-z][\w.-]{0,59}$/, 'letters, digits, _ . - (at most 60), starting with a letter');
const props = z
  .record(z.string().regex(/^[\w.-]{1,40}$/), z.union([z.string().max(200), z.number(), z.boolean(), z.null()]))
  .refine((p) => Object.keys(p).length <= 20, 'at most 20 properties');

const pageView = z.object({ type: z.literal('page_view'), url: httpUrl, title: z.string().max(300).optional(), referrer: z.union([httpUrl, z.literal('')]).optional(), at }).strict();
const linkEvent = (type: 'download' | 'outbound_click') => z.object({ type: z.literal(type), url: httpUrl, target: httpUrl, at }).strict();
const custom = z.object({ type: z.literal('custom'), name: eventName, url: httpUrl.optional(), props: props.optional(), at }).strict();
const identify = z.object({ type: z.literal('identify'), email: z.string().trim().max(254).pipe(z.email()), at }).strict();
/** The signed token a tracked e-mail click put on the landing URL (identity/link-token.ts). */
const link = z.object({ type: z.literal('link'), token: z.string().max(120).regex(LINK_TOKEN, 'the crm_t token of a tracked e-mail link'), at }).strict();

/** One request of the tracking snippet: the browser's visitor id and a batch of what happened. */
export const eventBatch = z
  .object({
    visitorId: z.uuid(),
    events: z.array(z.discriminatedUnion('type', [pageView, linkEvent('download'), linkEvent('outbound_click'), custom, identify, link])).min(1).max(MAX_EVENTS),
  })
  .strict();
export type EventBatch = z.infer<typeof eventBatch>;
export type IncomingEvent = EventBatch['events'][number];
/** What is stored: every kind but identify and link, which tie the visitor to a person instead. */
export type StoredType = Exclude<IncomingEvent['type'], 'identify' | 'link'>;
