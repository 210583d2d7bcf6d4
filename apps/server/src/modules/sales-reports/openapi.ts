/** The sales reports module's routes in the OpenAPI document. */
const tags = ['sales reports'];
const date = (name: string, description: string) => ({ name, in: 'query', schema: { type: 'string', format: 'date' }, description });
const uuid = (name: string, description: string) => ({ name, in: 'query', schema: { type: 'string', format: 'uuid' }, description });

export const SALES_REPORT_API_PATHS = {
  '/api/v1/sales/dashboard': {
    get: {
      tags,
      summary: 'Sales dashboard series (won vs target, funnel, pipeline by stage and owner, forecast, follow-ups per rep, lead sources), within the caller’s read scope; each point carries {object, filter} for its records',
      parameters: [date('from', 'first day (default: first of this month)'), date('to', 'last day, with from'), uuid('teamId', 'only this team and its sub-teams'), uuid('ownerId', 'only this owner')],
      responses: { 200: { description: '{data: Dashboard}' }, 400: { description: 'Bad period or unknown team (details name the field)' } },
    },
  },
  '/api/v1/sales/reports': {
    get: { tags, summary: 'Stored weekly reports the caller may read, newest week first', parameters: [date('week', 'any day of the week'), { name: 'limit', in: 'query', schema: { type: 'integer', maximum: 500 } }], responses: { 200: { description: '{data: WeeklyReport[], thisWeek}' } } },
    post: {
      tags,
      summary: 'Generate (and store) the weekly report of the week containing `week` for a rep (default: me) or a team',
      requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['week'], properties: { week: { type: 'string', format: 'date' }, userId: { type: 'string', format: 'uuid' }, teamId: { type: 'string', format: 'uuid' } } } } } },
      responses: { 201: { description: '{data: WeeklyReport}' }, 400: { description: 'Bad input' }, 403: { description: 'Outside the caller’s scope' } },
    },
  },
  '/api/v1/sales/reports/{id}': {
    get: { tags, summary: 'One weekly report', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }], responses: { 200: { description: '{data: WeeklyReport}' }, 404: { description: 'Missing or not the caller’s to read' } } },
  },
};
