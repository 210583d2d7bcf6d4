import { z } from 'zod';
import { requireAccess } from '../../engine/permissions/request-access.js';
import { addApiPaths } from '../../http/openapi.js';
import { parseInput } from '../../http/errors.js';
import { automationOf } from '../automation/index.js';
import type { CrmModule, ModuleContext } from '../module.js';
import { addLandingDecorator } from '../marketing/email/public-routes.js';
import { PORTAL_SIGNED_IN } from '../service-portal/auth/portal-auth.js';
import { FORM_SUBMITTED } from '../web-forms/submit-form.js';
import { EventBuffer } from './collect/event-buffer.js';
import { trackingRateConfig } from './collect/guards.js';
import { HitCounter } from './collect/hit-counter.js';
import { registerCollectRoutes } from './collect/public-routes.js';
import { attachEmittedVisitor } from './identity/emitted-visitors.js';
import { moveLeadVisitors } from './identity/identify.js';
import { linkLanding } from './identity/link-token.js';
import { registerWebsiteTrigger } from './identity/website-trigger.js';
import { interestsOf } from './insights/interests.js';
import { websiteTimeline } from './insights/timeline-source.js';
import { TRACKING_OPENAPI } from './openapi.js';
import { scheduleTrackingRetention } from './retention.js';
import { registerSiteRoutes } from './sites/routes.js';
import { trackingDb, type TrackingSite } from './tables.js';

/** How long a site's settings are reused by the event endpoint before being read again. */
const SITE_CACHE_MS = 5_000;

interface State {
  buffer: EventBuffer;
  counter: HitCounter;
  sites: Map<string, { site: TrackingSite | undefined; until: number }>;
}
const states = new WeakMap<ModuleContext['engine'], State>();
const stateOf = (ctx: ModuleContext) => {
  let state = states.get(ctx.engine);
  if (!state) states.set(ctx.engine, (state = { buffer: new EventBuffer(ctx.db), counter: new HitCounter(ctx.db, trackingRateConfig().windowSeconds), sites: new Map() }));
  return state;
};

/** The buffer of an app instance (tests and the benchmark flush it to read what was written). */
export const trackingBufferOf = (ctx: Pick<ModuleContext, 'engine'>) => states.get(ctx.engine)?.buffer;
/** The rate counters of an app instance (tests sync them to read the shared table). */
export const trackingCountersOf = (ctx: Pick<ModuleContext, 'engine'>) => states.get(ctx.engine)?.counter;

const personParams = z.object({ object: z.enum(['leads', 'contacts']), id: z.uuid() });

/**
 * Website behaviour tracking: sites an admin allows, a one-tag snippet, a guarded event endpoint
 * written in batches, visitors tied to leads and contacts (web form, identify, a tracked e-mail
 * click, a portal sign-in; a converted lead's follow its contact), their events on the
 * timeline and as interests, automation's `website_activity` trigger, nightly retention.
 */
export const marketingTrackingModule: CrmModule = {
  name: 'marketing-tracking',
  register(ctx) {
    addApiPaths(TRACKING_OPENAPI);
    registerWebsiteTrigger(automationOf(ctx).registry);
    ctx.engine.related.addTimelineSource(websiteTimeline(ctx.db));
    ctx.bus.subscribe(FORM_SUBMITTED, (event) => attachEmittedVisitor(ctx.db, event, 'web_form'));
    ctx.bus.subscribe(PORTAL_SIGNED_IN, (event) => attachEmittedVisitor(ctx.db, event, 'portal'));
    addLandingDecorator(ctx.engine, linkLanding(ctx.db));
    // Conversion sets converted_contact_id in its transaction: the lead's browsers move with it.
    ctx.engine.hooks.on('leads', 'afterUpdate', async ({ trx, previous, record }) => {
      const contactId = record?.converted_contact_id as string | null | undefined;
      if (contactId && contactId !== previous?.converted_contact_id) await moveLeadVisitors(trx, record!.id as string, contactId);
    });
  },
  routes(app, ctx) {
    const state = stateOf(ctx);
    const sites = {
      async byKey(key: string) {
        const cached = state.sites.get(key);
        if (cached && cached.until > Date.now()) return cached.site;
        const site = (await trackingDb(ctx.db).selectFrom('tracking_sites').selectAll().where('site_key', '=', key).executeTakeFirst()) as TrackingSite | undefined;
        state.sites.set(key, { site, until: Date.now() + SITE_CACHE_MS });
        return site;
      },
    };
    registerSiteRoutes(app, ctx, () => state.sites.clear());
    // After the server's last request (stop runs before it): nothing accepted stays in memory.
    app.addHook('onClose', async () => {
      await state.buffer.close();
      await state.counter.sync();
    });
    registerCollectRoutes(app, ctx, sites, state.buffer, state.counter);
    app.get('/api/v1/tracking/interests/:object/:id', async (request) => {
      const { object, id } = parseInput(personParams, request.params);
      const access = requireAccess(request);
      const record = await ctx.engine.records.get(object, id, access);
      return { data: await interestsOf(ctx.db, object, record.id as string) };
    });
  },
  async startJobs(jobs, ctx) {
    await scheduleTrackingRetention(jobs, ctx.db);
  },
  async stop(ctx) {
    const state = states.get(ctx.engine);
    await state?.buffer.flush();
    await state?.counter.sync();
  },
};
