import { fieldAccess, scopeFor, type AccessContext } from '../../engine/permissions/access.js';
import { registerWeeklyReportSection } from '../sales-reports/index.js';
import { computeServiceDashboard } from './dashboard/compute-service-dashboard.js';

const FIELDS = ['created_at', 'solved_at', 'first_responded_at', 'first_response_due_at', 'resolution_due_at'];

/**
 * A manager's view: only someone who reads every ticket (客服主管, admin) with these fields visible
 * gets, or sees, the section, so a stored report never shows a reader tickets outside their scope.
 */
const managerOf = (ctx: AccessContext) => scopeFor(ctx, 'tickets', 'read') === 'all' && FIELDS.every((f) => fieldAccess(ctx, 'tickets', f) !== 'hidden');

export interface WeeklyServiceSection {
  created: number;
  solved: number;
  firstResponseMedian: number | null;
  slaFirstResponse: number | null;
  slaResolution: number | null;
}

export function registerServiceWeeklySection(timeZone: string) {
  registerWeeklyReportSection({
    key: 'service',
    readable: managerOf,
    async compute(viewer, week): Promise<WeeklyServiceSection | null> {
      if (!viewer.engine.metadata.has('tickets') || !managerOf(viewer.ctx)) return null;
      const d = await computeServiceDashboard(viewer, week, timeZone);
      return d && {
        created: d.created,
        solved: d.solved,
        firstResponseMedian: d.totals.firstResponse?.median ?? null,
        slaFirstResponse: d.totals.sla?.firstResponse.rate ?? null,
        slaResolution: d.totals.sla?.resolution.rate ?? null,
      };
    },
  });
}
