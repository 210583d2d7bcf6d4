import type { Kysely } from 'kysely';
import { buildAccessContext } from '../../../accounts/access-context.js';
import type { Database } from '../../../db/types.js';
import type { Engine } from '../../../engine/index.js';
import { badRequest, forbidden } from '../../../http/errors.js';
import { SYSTEM_CONTEXT, type AccessContext } from '../../../engine/permissions/access.js';
import { notify } from '../../notifications/index.js';
import type { ReportPeriod } from '@crm/schema';
import { teamMembers } from '../owners.js';
import { computeWeeklyReport } from './compute-weekly-report.js';
import { mayRead, saveReport, type StoredReport } from './report-store.js';
import { reportEmailVars } from './report-email.js';
import { readCompanyDefaults } from '../../../engine/money/company-currency.js';

/** What a report is about: a rep (their own records) or a team (its and its sub-teams' members). */
export interface Subject {
  type: 'user' | 'team';
  id: string;
  name: string;
  ownerIds: string[];
}

export async function findSubject(db: Kysely<Database>, ref: { userId?: string; teamId?: string }): Promise<Subject> {
  if (ref.teamId) {
    const team = await db.selectFrom('teams').select(['id', 'name']).where('id', '=', ref.teamId).executeTakeFirst();
    if (!team) throw badRequest('no such team', [{ path: 'teamId', message: 'unknown team' }]);
    return { type: 'team', id: team.id, name: team.name, ownerIds: (await teamMembers(db, team.id)).map((m) => m.id) };
  }
  const user = ref.userId ? await db.selectFrom('users').select(['id', 'name']).where('id', '=', ref.userId).executeTakeFirst() : undefined;
  if (!user) throw badRequest('no such user', [{ path: 'userId', message: 'unknown user' }]);
  return { type: 'user', id: user.id, name: user.name, ownerIds: [user.id] };
}

/** Computes a subject's week in the viewer's scope and stores it; 403 when the viewer may not read the subject's records. */
export async function generateReport(engine: Engine, db: Kysely<Database>, ctx: AccessContext, week: ReportPeriod, subject: Subject): Promise<StoredReport> {
  if (ctx.userId !== null && !mayRead(ctx, subject.ownerIds)) throw forbidden('you may not see this report');
  const figures = await computeWeeklyReport({ engine, db, ctx }, week, subject.ownerIds);
  return saveReport(db, { weekStart: week.from, subjectType: subject.type, subjectId: subject.id, subjectName: subject.name, ownerIds: subject.ownerIds, figures, generatedBy: ctx.userId });
}

async function accessOf(db: Kysely<Database>, userId: string | null): Promise<AccessContext | null> {
  if (!userId) return null;
  const user = await db.selectFrom('users').select(['id', 'email', 'name', 'locale', 'role_id', 'team_id', 'active']).where('id', '=', userId).executeTakeFirst();
  return user?.active ? buildAccessContext(db, user) : null;
}

/**
 * The Monday run: a report for every active rep in a team (computed in the rep's own scope, sent
 * to them) and for every team (in its lead's scope, sent to the lead), in the caller's transaction.
 * Notifications are deduped per week and subject, so a repeated run sends nothing twice.
 */
export async function generateWeeklyReports(outer: Engine, db: Kysely<Database>, week: ReportPeriod): Promise<StoredReport[]> {
  // Read through the run's transaction: the engine's own freshness query would wait for it on PGlite's
  // single connection, and the Monday run hung whenever that check came due mid-run.
  const engine: Engine = { ...outer, records: outer.records.inTransaction(db) };
  const reports: StoredReport[] = [];
  const { currency } = await readCompanyDefaults(db);
  const send = async (report: StoredReport, to: string) => {
    const vars = await reportEmailVars(engine, report, currency);
    await notify(
      {
        userIds: [to], kind: 'weekly_report', emailTemplate: 'weekly_report', vars,
        title: `销售周报 ${week.from} ~ ${week.to}：${report.subjectName}`,
        body: `新增线索 ${vars.leads}，跟进 ${vars.followUps}，赢单 ${vars.won}（${vars.wonAmount}）`,
        link: `/sales/reports/${report.id}`,
        dedupeKey: `weekly_report:${week.from}:${report.subjectType}:${report.subjectId}`,
      },
      db,
    );
  };
  const reps = await db.selectFrom('users').select('id').where('active', '=', true).where('team_id', 'is not', null).orderBy('name').execute();
  for (const rep of reps) {
    const ctx = await accessOf(db, rep.id);
    // Users who may not read deals (support, finance roles) get no sales report.
    if (!ctx || !mayRead(ctx, [rep.id])) continue;
    const report = await generateReport(engine, db, ctx, week, await findSubject(db, { userId: rep.id }));
    reports.push(report);
    await send(report, rep.id);
  }
  const teams = await db.selectFrom('teams').select(['id', 'lead_user_id']).orderBy('name').execute();
  for (const team of teams) {
    const subject = await findSubject(db, { teamId: team.id });
    // Sent to the lead only if their scope covers every member; then it is computed in that scope.
    const leadCtx = await accessOf(db, team.lead_user_id);
    const lead = leadCtx && mayRead(leadCtx, subject.ownerIds) ? leadCtx : null;
    const report = await generateReport(engine, db, lead ?? SYSTEM_CONTEXT, week, subject);
    reports.push(report);
    if (lead) await send(report, lead.userId!);
  }
  return reports;
}
