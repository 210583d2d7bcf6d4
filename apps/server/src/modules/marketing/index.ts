import { addApiPaths } from '../../http/openapi.js';
import type { CrmModule } from '../module.js';
import { registerMemberChecks } from './campaigns/members.js';
import { registerEmailMarketing, registerEmailMarketingRoutes, startSendJobs, stopSendJobs } from './email/index.js';
import { registerCampaignFigureFilter } from './campaigns/figure-filter.js';
import { CAMPAIGN_OBJECTS } from './campaigns/objects.js';
import { registerCampaignRoutes } from './campaigns/routes.js';
import { segments } from './objects.js';
import { MARKETING_PATHS } from './openapi-paths.js';
import { registerSegmentCondition } from './segments/segment-condition.js';
import { registerSegmentRoutes } from './segments/routes.js';
import { registerSegmentChecks, registerSegmentListFilter } from './segments/segment-service.js';

/** Marketing: segments (dynamic by filter, including related records, or static lists), the automation condition `$segment`; campaigns with costs, members and an ROI report; e-mail marketing (consent, templates, throttled sends with tracking). */
export const marketingModule: CrmModule = {
  name: 'marketing',
  register(ctx) {
    const { engine } = ctx;
    engine.metadata.register(segments);
    for (const object of CAMPAIGN_OBJECTS) engine.metadata.register(object);
    registerMemberChecks(engine);
    registerCampaignFigureFilter(engine);
    registerSegmentChecks(engine);
    registerSegmentListFilter(engine);
    registerSegmentCondition(ctx);
    registerEmailMarketing(ctx);
  },
  async routes(app, ctx) {
    addApiPaths(MARKETING_PATHS);
    registerSegmentRoutes(app, ctx);
    registerCampaignRoutes(app, ctx);
    await registerEmailMarketingRoutes(app, ctx);
  },
  startJobs: (jobs, ctx) => startSendJobs(jobs, ctx),
  stop: (ctx) => stopSendJobs(ctx),
};
