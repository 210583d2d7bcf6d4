import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { z } from 'zod';
import { auditConfigChange } from '../../../engine/audit/audit.js';
import { notFound, parseInput } from '../../../http/errors.js';
import type { ModuleContext } from '../../module.js';
import { baseUrlOf } from '../../web-forms/routes.js';
import { trackingDb, type TrackingDb, type TrackingSite } from '../tables.js';
import { requireSiteManager, requireSiteReader } from './site-access.js';
import { newSiteKey, siteColumns, siteInput, siteSettings, siteView } from './site-settings.js';

const idParam = z.object({ id: z.uuid() });

/** Tracked sites (市场 → 网站追踪): readers see settings and snippet, managers change them (site-access.ts). Every change is audited in its transaction. */
export function registerSiteRoutes(app: FastifyInstance, { db: root }: ModuleContext, onChange: () => void) {
  const db = trackingDb(root);
  const audited = (actorId: string | null, id: string | null, write: (trx: TrackingDb) => Promise<TrackingSite | null>) =>
    root.transaction().execute(async (trx) => {
      const sites = trackingDb(trx);
      const before = id ? ((await sites.selectFrom('tracking_sites').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()) as TrackingSite | undefined) : undefined;
      if (id && !before) throw notFound(`tracking site ${id}`);
      const after = await write(sites);
      const site = (after ?? before)!;
      await auditConfigChange(trx, 'trackingSites', actorId, { id: site.id, name: site.name }, before ? siteSettings(before) : null, after ? siteSettings(after) : null);
      onChange();
      return after;
    });

  app.get('/api/v1/tracking/sites', async (request) => {
    requireSiteReader(request);
    const sites = (await db.selectFrom('tracking_sites').selectAll().orderBy('created_at').execute()) as TrackingSite[];
    // Both read the (site_id, at) index: cheap however many events a site has.
    const { rows: stats } = await sql<{ id: string; last: Date | null; day: string }>`
      SELECT s.id, (SELECT max(at) FROM tracking_events e WHERE e.site_id = s.id) AS last,
        (SELECT count(*) FROM tracking_events e WHERE e.site_id = s.id AND e.at > now() - interval '1 day') AS day
      FROM tracking_sites s`.execute(root);
    return {
      data: sites.map((s) => {
        const stat = stats.find((r) => r.id === s.id);
        return { ...siteView(s, baseUrlOf(request)), eventsLastDay: Number(stat?.day ?? 0), lastEventAt: stat?.last ?? null };
      }),
    };
  });

  app.get('/api/v1/tracking/sites/:id', async (request) => {
    requireSiteReader(request);
    const { id } = parseInput(idParam, request.params);
    const site = (await db.selectFrom('tracking_sites').selectAll().where('id', '=', id).executeTakeFirst()) as TrackingSite | undefined;
    if (!site) throw notFound(`tracking site ${id}`);
    return { data: siteView(site, baseUrlOf(request)) };
  });

  app.post('/api/v1/tracking/sites', async (request, reply) => {
    const manager = requireSiteManager(request);
    const values = siteColumns(parseInput(siteInput, request.body));
    const site = await audited(manager.userId, null, async (trx) => (await trx.insertInto('tracking_sites').values({ ...values, site_key: newSiteKey(), created_by: manager.userId }).returningAll().executeTakeFirstOrThrow()) as TrackingSite);
    return reply.status(201).send({ data: siteView(site!, baseUrlOf(request)) });
  });

  app.put('/api/v1/tracking/sites/:id', async (request) => {
    const manager = requireSiteManager(request);
    const { id } = parseInput(idParam, request.params);
    const values = siteColumns(parseInput(siteInput, request.body));
    const site = await audited(manager.userId, id, async (trx) => (await trx.updateTable('tracking_sites').set({ ...values, updated_at: new Date() }).where('id', '=', id).returningAll().executeTakeFirstOrThrow()) as TrackingSite);
    return { data: siteView(site!, baseUrlOf(request)) };
  });

  app.delete('/api/v1/tracking/sites/:id', async (request, reply) => {
    const manager = requireSiteManager(request);
    const { id } = parseInput(idParam, request.params);
    await audited(manager.userId, id, async (trx) => {
      await trx.deleteFrom('tracking_sites').where('id', '=', id).execute();
      return null;
    });
    return reply.status(204).send();
  });
}
