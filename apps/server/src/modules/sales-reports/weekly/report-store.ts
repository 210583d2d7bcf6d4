import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { Database } from '../../../db/types.js';
import { scopeFor, type AccessContext } from '../../../engine/permissions/access.js';
import type { WeeklyFigures, WeeklyReport } from '@crm/schema';
import { redactFigures } from './redact-report.js';

/** A report as stored: what the API returns, and whose records it counts (who may read it). */
export interface StoredReport extends WeeklyReport {
  ownerIds: string[];
}

interface Row {
  id: string;
  week_start: string;
  subject_type: 'user' | 'team';
  subject_id: string;
  subject_name: string;
  owner_ids: string[];
  figures: WeeklyFigures | string;
  generated_at: Date | string;
  generated_by: string | null;
}

const toReport = (r: Row): StoredReport => ({
  id: r.id,
  weekStart: r.week_start,
  subjectType: r.subject_type,
  subjectId: r.subject_id,
  subjectName: r.subject_name,
  ownerIds: r.owner_ids,
  figures: typeof r.figures === 'string' ? JSON.parse(r.figures) : r.figures,
  generatedAt: new Date(r.generated_at).toISOString(),
  generatedBy: r.generated_by,
});

/** Filtered on read by the reader's field rules (a report is stored once for all its readers). */
const forReader = (report: StoredReport, ctx: AccessContext): StoredReport => ({ ...report, figures: redactFigures(report.figures, ctx) });

const COLUMNS = sql`id, week_start::text AS week_start, subject_type, subject_id, subject_name, owner_ids, figures, generated_at, generated_by`;

/**
 * Whose reports the viewer may read: by their read scope on deals (all, their team's members, or
 * only themselves), the same scope every figure was computed in.
 */
function readableOwners(ctx: AccessContext): string[] | 'all' {
  const scope = scopeFor(ctx, 'deals', 'read');
  if (scope === 'all') return 'all';
  return scope === 'team' ? ctx.teamUserIds : scope === 'own' && ctx.userId ? [ctx.userId] : [];
}

export function mayRead(ctx: AccessContext, ownerIds: string[]): boolean {
  const allowed = readableOwners(ctx);
  return allowed === 'all' || (ownerIds.length > 0 && ownerIds.every((id) => allowed.includes(id)));
}

function readableCondition(ctx: AccessContext): RawBuilder<SqlBool> {
  const allowed = readableOwners(ctx);
  if (allowed === 'all') return sql<SqlBool>`true`;
  return sql<SqlBool>`cardinality(owner_ids) > 0 AND owner_ids <@ ${sql.val(allowed)}::uuid[]`;
}

/** Stores (or replaces) the report of a subject for a week; returns it. */
export async function saveReport(
  db: Kysely<Database>,
  r: { weekStart: string; subjectType: 'user' | 'team'; subjectId: string; subjectName: string; ownerIds: string[]; figures: WeeklyFigures; generatedBy: string | null },
): Promise<StoredReport> {
  const { rows } = await sql<Row>`
    INSERT INTO sales_weekly_reports (week_start, subject_type, subject_id, subject_name, owner_ids, figures, generated_by)
    VALUES (${r.weekStart}, ${r.subjectType}, ${r.subjectId}, ${r.subjectName}, ${sql.val(r.ownerIds)}::uuid[], ${JSON.stringify(r.figures)}::jsonb, ${r.generatedBy})
    ON CONFLICT (week_start, subject_type, subject_id) DO UPDATE SET
      subject_name = excluded.subject_name, owner_ids = excluded.owner_ids, figures = excluded.figures,
      generated_at = now(), generated_by = excluded.generated_by
    RETURNING ${COLUMNS}`.execute(db);
  return toReport(rows[0]);
}

/** Reports the viewer may read, newest week first (reps before teams within a week). */
export async function listReports(db: Kysely<Database>, ctx: AccessContext, options: { limit: number; weekStart?: string }): Promise<StoredReport[]> {
  const { rows } = await sql<Row>`
    SELECT ${COLUMNS} FROM sales_weekly_reports
    WHERE ${readableCondition(ctx)} ${options.weekStart ? sql`AND week_start = ${options.weekStart}` : sql``}
    ORDER BY week_start DESC, subject_type DESC, subject_name, id
    LIMIT ${options.limit}`.execute(db);
  return rows.map((r) => forReader(toReport(r), ctx));
}

/** One report, or undefined when missing or not the viewer's to read (both look the same). */
export async function getReport(db: Kysely<Database>, ctx: AccessContext, id: string): Promise<StoredReport | undefined> {
  const { rows } = await sql<Row>`SELECT ${COLUMNS} FROM sales_weekly_reports WHERE id = ${id} AND ${readableCondition(ctx)}`.execute(db);
  return rows[0] && forReader(toReport(rows[0]), ctx);
}
