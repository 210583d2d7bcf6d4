import { failures } from '../../http/openapi-parts.js';

const date = (name: string, description: string) => ({ name, in: 'query', schema: { type: 'string', format: 'date' }, description });

/** The service reports module's routes in the OpenAPI document. */
export const SERVICE_REPORT_PATHS: Record<string, unknown> = {
  '/api/v1/service/dashboard': {
    get: {
      tags: ['tickets'],
      summary: 'Service dashboard: created vs solved per day, open backlog by status and priority, first-response and resolution minutes (median, p90; wall time and business time of the support calendar), SLA attainment, CSAT, NPS of survey answers, per agent and per group, each figure with the ticket filter that lists its tickets (SLA outcomes through the tickets list filter ?sla=fr_met|fr_breached|res_met|res_breached); within the caller’s read scope on tickets',
      parameters: [date('from', 'first day (default: first of this month)'), date('to', 'last day, with from'), { name: 'group', in: 'query', schema: { type: 'string', format: 'uuid' }, description: 'only this support group' }],
      responses: { 200: { description: '{data: ServiceDashboard}' }, ...failures },
    },
  },
};
