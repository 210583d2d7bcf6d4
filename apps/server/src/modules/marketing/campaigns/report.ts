import type { CampaignFigures, CampaignReport, CampaignReportRow as CampaignRow, CampaignTypeRow } from '@crm/schema';
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { AccessContext } from '../../../engine/permissions/access.js';
import { fieldAccess, scopeFor } from '../../../engine/permissions/access.js';
import { inCompanyCurrency } from '../../../engine/money/company-currency.js';
import { companyCurrencyOf, type Viewer } from '../../sales-reports/scoped-query.js';
import { dealTouches, leadTouches } from './attribution.js';
import { RESPONDED } from './objects.js';

export interface ReportParams {
  from?: string;
  to?: string;
  campaignId?: string;
}

/** The report's choice of campaigns (alias t): those overlapping the period, or the one asked for. */
export function reportCampaigns(params: ReportParams & { type?: string }): RawBuilder<SqlBool>[] {
  const period: RawBuilder<SqlBool>[] = [];
  if (params.to) period.push(sql<SqlBool>`(t.start_date IS NULL OR t.start_date <= ${params.to}::date)`);
  if (params.from) period.push(sql<SqlBool>`(coalesce(t.end_date, t.start_date) IS NULL OR coalesce(t.end_date, t.start_date) >= ${params.from}::date)`);
  if (params.campaignId) period.push(sql<SqlBool>`t.id = ${params.campaignId}`);
  if (params.type) period.push(sql<SqlBool>`t.type = ${params.type}`);
  return period;
}

const readable = (ctx: AccessContext, object: string) => scopeFor(ctx, object, 'read') !== 'none';
const visibleField = (ctx: AccessContext, object: string, field: string) => readable(ctx, object) && fieldAccess(ctx, object, field) !== 'hidden';

/**
 * Campaign report per campaign and per type (channel), computed in one statement inside the
 * viewer's scopes: only campaigns, members, leads, deals and cost lines they may read count; a
 * figure over an object they may not read, or a money field hidden from them, is null.
 */
export async function campaignReport(viewer: Viewer, params: ReportParams): Promise<CampaignReport> {
  const { engine, db, ctx } = viewer;
  const money = await companyCurrencyOf(viewer);
  const scoped = (object: string, columns: RawBuilder<unknown>, extra: RawBuilder<SqlBool>[] = []) =>
    readable(ctx, object)
      ? sql`SELECT ${columns} FROM ${sql.table(object)} t WHERE ${engine.records.whereClause(engine.metadata.get(object), { extra }, ctx)}`
      : sql`SELECT ${columns} FROM ${sql.table(object)} t WHERE false`;
  const amount = (object: string) =>
    visibleField(ctx, object, 'amount') ? inCompanyCurrency(sql.ref('t.amount'), sql.ref('t.amount_currency'), money) : sql`NULL::numeric`;

  const period = reportCampaigns(params);

  const { rows } = await sql<Record<string, string | null>>`
    WITH touches AS (${leadTouches}), dt AS (${dealTouches}),
      vc AS (${scoped('campaigns', sql`t.id, t.name, t.type, t.start_date`, period)}),
      vl AS (${scoped('leads', sql`t.id, t.converted_deal_id`)}),
      vd AS (${scoped('deals', sql`t.id, t.stage, ${amount('deals')} AS amount`)}),
      vm AS (${scoped('campaign_members', sql`t.campaign_id, t.status`)}),
      vk AS (${scoped('campaign_costs', sql`t.campaign_id, ${amount('campaign_costs')} AS amount`)})
    SELECT vc.id, vc.name, vc.type,
      (SELECT count(*) FROM vm WHERE vm.campaign_id = vc.id) AS members,
      (SELECT count(*) FROM vm WHERE vm.campaign_id = vc.id AND vm.status = ANY(${sql.val(RESPONDED)}::text[])) AS responses,
      (SELECT count(DISTINCT vl.id) FROM touches tt JOIN vl ON vl.id = tt.lead_id WHERE tt.campaign_id = vc.id) AS leads,
      (SELECT count(DISTINCT vd.id) FROM touches tt JOIN vl ON vl.id = tt.lead_id JOIN vd ON vd.id = vl.converted_deal_id WHERE tt.campaign_id = vc.id) AS deals,
      (SELECT coalesce(sum(vd.amount), 0) FROM dt JOIN vd ON vd.id = dt.deal_id AND vd.stage = 'won' WHERE dt.first_id = vc.id) AS won_first,
      (SELECT coalesce(sum(vd.amount), 0) FROM dt JOIN vd ON vd.id = dt.deal_id AND vd.stage = 'won' WHERE dt.last_id = vc.id) AS won_last,
      (SELECT coalesce(sum(vk.amount), 0) FROM vk WHERE vk.campaign_id = vc.id) AS cost
    FROM vc ORDER BY vc.start_date NULLS LAST, vc.name`.execute(db);

  const show = {
    members: readable(ctx, 'campaign_members'),
    leads: readable(ctx, 'leads'),
    deals: readable(ctx, 'leads') && readable(ctx, 'deals'),
    won: readable(ctx, 'deals') && visibleField(ctx, 'deals', 'amount'),
    cost: visibleField(ctx, 'campaign_costs', 'amount'),
  };
  const num = (v: string | null, shown: boolean) => (shown && v !== null ? Math.round(Number(v) * 100) / 100 : null);
  const campaigns: CampaignRow[] = rows.map((r) =>
    withRatios({
      id: r.id!,
      name: r.name!,
      type: r.type!,
      members: num(r.members, show.members),
      responses: num(r.responses, show.members),
      leads: num(r.leads, show.leads),
      deals: num(r.deals, show.deals),
      wonFirstTouch: num(r.won_first, show.won),
      wonLastTouch: num(r.won_last, show.won),
      cost: num(r.cost, show.cost),
    }),
  );
  return { campaigns, byType: byType(campaigns) };
}

type Counts = Omit<CampaignFigures, 'roiFirstTouch' | 'roiLastTouch' | 'costPerLead'>;

/** ROI = (won − cost) / cost and cost per lead; null where a part is unknown or the cost is 0. */
function withRatios<T extends Counts>(row: T): T & CampaignFigures {
  const roi = (won: number | null) => (won === null || !row.cost ? null : Math.round(((won - row.cost) / row.cost) * 10000) / 10000);
  return {
    ...row,
    roiFirstTouch: roi(row.wonFirstTouch),
    roiLastTouch: roi(row.wonLastTouch),
    costPerLead: row.cost === null || !row.leads ? null : Math.round((row.cost / row.leads) * 100) / 100,
  };
}

const KEYS = ['members', 'responses', 'leads', 'deals', 'wonFirstTouch', 'wonLastTouch', 'cost'] as const;

/**
 * Sums per type (channel). Won revenue adds up exactly (each deal has one first and one last
 * campaign); a lead in two campaigns of one type counts in both.
 */
function byType(rows: CampaignRow[]): CampaignTypeRow[] {
  const groups = new Map<string, Counts & { campaigns: number }>();
  for (const row of rows) {
    const g = groups.get(row.type) ?? ({ campaigns: 0, ...Object.fromEntries(KEYS.map((k) => [k, 0])) } as Counts & { campaigns: number });
    g.campaigns += 1;
    for (const k of KEYS) {
      const [a, b] = [g[k], row[k]];
      g[k] = a === null || b === null ? null : Math.round((a + b) * 100) / 100;
    }
    groups.set(row.type, g);
  }
  return [...groups].map(([type, g]) => withRatios({ type, ...g }));
}
