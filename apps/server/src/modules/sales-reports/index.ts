import { addApiPaths } from '../../http/openapi.js';
import type { CrmModule } from '../module.js';
import { automationOf } from '../automation/index.js';
import { registerNotificationKind } from '../notifications/index.js';
import { SALES_REPORT_API_PATHS } from './openapi.js';
import { registerSalesReportRoutes } from './routes.js';
import { ensureWeeklyReportRule, registerWeeklyReportAction } from './weekly/weekly-report-rule.js';

/** Weekly sales reports (per rep and team, Monday rule + on demand) and the sales dashboard. */
export const salesReportsModule: CrmModule = {
  name: 'sales-reports',
  register(ctx) {
    registerNotificationKind('weekly_report', { inApp: true, email: true, robot: false });
    registerWeeklyReportAction(automationOf(ctx));
    addApiPaths(SALES_REPORT_API_PATHS);
  },
  async routes(app, ctx) {
    await ensureWeeklyReportRule(ctx.db);
    registerSalesReportRoutes(app, ctx);
  },
};

export { registerWeeklyReportSection, type WeeklyReportSection } from './weekly/sections.js';
