import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import type { EventRow } from './collect/event-rows.js';
import { insertEvents } from './collect/write-events.js';
import { newSiteKey } from './sites/site-settings.js';

const SITE = 'https://www.example.com';
const DAY = 86_400_000;
const PAGE = { home: ['/', '首页'], product: ['/products/crm', 'CRM 产品介绍'], pricing: ['/pricing', '价格与版本'], cases: ['/cases/manufacturing', '制造业客户案例'], trial: ['/trial', '免费试用'], about: ['/about', '关于我们'] } as const;
type Step = keyof typeof PAGE | 'brochure' | 'demo_video';

/** Who did what, days ago (the same person may come on several days). */
const JOURNEYS: { days: number; steps: Step[] }[][] = [
  [{ days: 9, steps: ['home', 'product', 'pricing'] }, { days: 3, steps: ['pricing', 'cases', 'brochure'] }, { days: 0, steps: ['pricing', 'demo_video'] }],
  [{ days: 6, steps: ['home', 'cases', 'product'] }, { days: 2, steps: ['product', 'brochure'] }],
  [{ days: 4, steps: ['product', 'pricing', 'trial'] }],
  [{ days: 8, steps: ['home', 'about'] }, { days: 1, steps: ['pricing', 'pricing', 'demo_video'] }],
  [{ days: 5, steps: ['home', 'product', 'brochure', 'trial'] }],
];

function rows(siteId: string, visitorId: string, journey: (typeof JOURNEYS)[number], now: number): EventRow[] {
  const base = { site_id: siteId, visitor_id: visitorId, name: null, title: null, referrer: null, target: null, props: null };
  return journey.flatMap(({ days, steps }) =>
    steps.map((step, i): EventRow => {
      const at = new Date(now - days * DAY - (steps.length - i) * 90_000).toISOString();
      if (step === 'brochure') return { ...base, type: 'download', url: `${SITE}/products/crm`, path: '/products/crm', target: `${SITE}/files/crm-brochure-2026.pdf`, at };
      if (step === 'demo_video') return { ...base, type: 'custom', name: 'watched_demo_video', url: `${SITE}/products/crm`, path: '/products/crm', props: JSON.stringify({ product: 'CRM', seconds: 180 }), at };
      const [path, title] = PAGE[step];
      return { ...base, type: 'page_view', url: `${SITE}${path}`, path, title, referrer: i === 0 ? 'https://www.baidu.com/' : null, at };
    }),
  );
}

/**
 * Demo: the company site as a tracked site, and visits (pages, the brochure download, a custom
 * event) of a few contacts and leads (as if identified by a web form or an e-mail click), plus an
 * anonymous visitor, so timelines and the 网站兴趣 card show something. Written directly, so no
 * automation rule fires for past visits.
 */
export async function loadTrackingDemo(db: Kysely<Database>): Promise<number> {
  const now = Date.now();
  const { rows: sites } = await sql<{ id: string }>`
    INSERT INTO tracking_sites (site_key, name, allowed_origins, retention_days) VALUES (${newSiteKey()}, '公司官网', ${JSON.stringify([SITE])}::jsonb, 180) RETURNING id`.execute(db);
  const siteId = sites[0].id;
  const people = (
    await sql<{ object: string; id: string }>`
      (SELECT 'contacts' AS object, id FROM contacts WHERE deleted_at IS NULL ORDER BY created_at, id LIMIT 3)
      UNION ALL (SELECT 'leads', id FROM leads WHERE deleted_at IS NULL AND converted_contact_id IS NULL ORDER BY created_at, id LIMIT 2)`.execute(db)
  ).rows;
  const events: EventRow[] = [];
  for (const [i, journey] of JOURNEYS.entries()) {
    const person = people[i];
    const visitorId = randomUUID();
    const first = now - Math.max(...journey.map((j) => j.days)) * DAY;
    await sql`INSERT INTO tracking_visitors (visitor_id, object, record_id, identified_by, identified_at, first_seen, last_seen)
      VALUES (${visitorId}, ${person?.object ?? null}, ${person?.id ?? null}, ${person ? (i % 2 ? 'email_click' : 'web_form') : null}, ${person ? new Date(now - DAY).toISOString() : null}, ${new Date(first).toISOString()}, ${new Date(now).toISOString()})`.execute(db);
    events.push(...rows(siteId, visitorId, journey, now));
  }
  await insertEvents(db, events);
  return events.length;
}
