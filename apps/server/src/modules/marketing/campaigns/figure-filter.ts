import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Engine } from '../../../engine/index.js';
import type { AccessContext } from '../../../engine/permissions/access.js';
import { badRequest } from '../../../http/errors.js';
import { dealTouches, leadTouches } from './attribution.js';
import { CAMPAIGN_TYPES, RESPONDED } from './objects.js';
import { reportCampaigns } from './report.js';

/** Each figure of the campaign report and the object whose records make it up. */
export const CAMPAIGN_FIGURES = { members: 'campaign_members', responses: 'campaign_members', leads: 'leads', deals: 'deals', won_first: 'deals', won_last: 'deals', cost: 'campaign_costs' } as const;
export type CampaignFigure = keyof typeof CAMPAIGN_FIGURES;

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const DATE = '\\d{4}-\\d{2}-\\d{2}';
/** `leads:<campaign id>`, or per channel `leads:type:ads[:from[:to]]` (the report's period, either end open). */
const VALUE = new RegExp(`^([a-z_]+):(?:(${UUID})|type:([a-z_]+)(?::(${DATE})?(?::(${DATE})?)?)?)$`, 'i');

export interface FigureRef {
  figure: CampaignFigure;
  campaignId?: string;
  type?: string;
  from?: string;
  to?: string;
}

export function parseFigure(value: string): FigureRef {
  const m = VALUE.exec(value);
  const bad = (message: string) => badRequest(`campaign: ${message}`, [{ path: 'campaign', message }]);
  if (!m) throw bad('expected <figure>:<campaign id> or <figure>:type:<type>[:<from>:<to>]');
  const figure = m[1].toLowerCase();
  if (!(figure in CAMPAIGN_FIGURES)) throw bad(`figure must be one of ${Object.keys(CAMPAIGN_FIGURES).join(', ')}`);
  if (m[3] && !(CAMPAIGN_TYPES as readonly string[]).includes(m[3])) throw bad(`type must be one of ${CAMPAIGN_TYPES.join(', ')}`);
  if (m[4] && m[5] && m[4] > m[5]) throw bad('the period ends before it starts');
  return { figure: figure as CampaignFigure, campaignId: m[2]?.toLowerCase(), type: m[3], from: m[4], to: m[5] };
}

/**
 * The records behind one figure of the campaign report, as SQL over the listed object (alias t),
 * counted the way the report counts them: over the campaigns the viewer may read (one campaign,
 * or one channel within the period), leads that must be readable for their deals to count.
 */
export function figureCondition(engine: Engine, ref: FigureRef, ctx: AccessContext): RawBuilder<SqlBool> {
  const scoped = (object: string, extra: RawBuilder<SqlBool>[] = []) =>
    sql`SELECT t.id FROM ${sql.table(object)} t WHERE ${engine.records.whereClause(engine.metadata.get(object), { extra }, ctx)}`;
  const campaigns = scoped('campaigns', reportCampaigns(ref));
  switch (ref.figure) {
    case 'members':
    case 'cost':
      return sql<SqlBool>`t.campaign_id IN (${campaigns})`;
    case 'responses':
      return sql<SqlBool>`(t.campaign_id IN (${campaigns}) AND t.status = ANY(${sql.val(RESPONDED)}::text[]))`;
    case 'leads':
      return sql<SqlBool>`t.id IN (WITH touches AS (${leadTouches}) SELECT tt.lead_id FROM touches tt WHERE tt.campaign_id IN (${campaigns}))`;
    case 'deals':
      return sql<SqlBool>`t.id IN (WITH touches AS (${leadTouches})
        SELECT ld.converted_deal_id FROM touches tt JOIN leads ld ON ld.id = tt.lead_id
        WHERE tt.campaign_id IN (${campaigns}) AND ld.id IN (${scoped('leads')}))`;
    case 'won_first':
    case 'won_last': {
      const touch = sql.ref(ref.figure === 'won_first' ? 'dt.first_id' : 'dt.last_id');
      return sql<SqlBool>`(t.stage = 'won' AND t.id IN (WITH touches AS (${leadTouches}), dt AS (${dealTouches}) SELECT dt.deal_id FROM dt WHERE ${touch} IN (${campaigns})))`;
    }
  }
}

/**
 * The `campaign` list filter: every figure of the campaign report opens its records
 * (`/api/v1/deals?campaign=won_first:<id>`, `/api/v1/leads?campaign=leads:type:ads:2026-01-01:`).
 */
export function registerCampaignFigureFilter(engine: Engine) {
  engine.records.registerListFilter('campaign', async ({ meta, value, ctx }) => {
    const ref = parseFigure(value);
    const object = CAMPAIGN_FIGURES[ref.figure];
    if (meta.name !== object) throw badRequest(`campaign: the figure ${ref.figure} lists ${object}, not ${meta.name}`, [{ path: 'campaign', message: `a figure of ${object}` }]);
    if (ref.campaignId) await engine.records.get('campaigns', ref.campaignId, ctx);
    return figureCondition(engine, ref, ctx);
  });
}
