import { addApiPaths } from '../../http/openapi.js';
import type { CrmModule } from '../module.js';
import { SERVICE_REPORT_PATHS } from './openapi.js';
import { registerServiceReportRoutes } from './routes.js';
import { timeZoneFrom } from '../../config.js';
import { registerServiceWeeklySection } from './weekly-section.js';
import { ensureServiceIndexes } from './indexes.js';
import { registerSlaListFilter } from './dashboard/sla-list-filter.js';

/** Service analytics: the service dashboard (and the service part of the weekly report). */
export const serviceReportsModule: CrmModule = {
  name: 'service-reports',
  register({ engine }) {
    addApiPaths(SERVICE_REPORT_PATHS);
    registerSlaListFilter(engine);
    registerServiceWeeklySection(timeZoneFrom());
  },
  async routes(app, ctx) {
    await ensureServiceIndexes(ctx.db);
    registerServiceReportRoutes(app, ctx);
  },
};
