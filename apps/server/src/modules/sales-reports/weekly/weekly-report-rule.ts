import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../../db/types.js';
import type { AutomationService } from '../../automation/index.js';
import { previousWeek } from '../period.js';
import { generateWeeklyReports } from './generate-reports.js';

/** Monday 08:00 in CRM_TIME_ZONE (the schedule trigger reads cron in that zone). */
export const WEEKLY_REPORT_CRON = '0 8 * * 1';

/**
 * The `weekly_report` action: reports of the week before the firing time, for every rep and team,
 * stored and sent. It writes in the run's transaction, so a run is applied exactly once.
 */
export function registerWeeklyReportAction(automation: AutomationService) {
  automation.registerAction<Record<string, never>>('weekly_report', {
    schema: z.object({}).strict(),
    describe: (ctx) => {
      const week = previousWeek(new Date(ctx.event.at), ctx.timeZone);
      return `weekly sales reports of ${week.from} – ${week.to} for every rep and team, sent by e-mail`;
    },
    async run(ctx) {
      const week = previousWeek(new Date(ctx.event.at), ctx.timeZone);
      const reports = await generateWeeklyReports(ctx.engine, ctx.trx, week);
      return { week: week.from, reports: reports.length };
    },
  });
}

/** Ships the Monday rule once (by key); an admin may disable, edit or delete it like any rule. */
export async function ensureWeeklyReportRule(db: Kysely<Database>) {
  await db
    .insertInto('automation_rules')
    .values({
      builtin_key: 'weekly_sales_report',
      name: '每周一生成销售周报',
      description: '每周一 8:00 为每位销售和每个团队生成上周的销售周报，保存在“销售周报”中，并通过邮件发送给本人和团队负责人。',
      object: null,
      trigger: JSON.stringify({ kind: 'schedule', cron: WEEKLY_REPORT_CRON }),
      conditions: null,
      actions: JSON.stringify([{ type: 'weekly_report' }]),
      enabled: true,
      scanned_until: null,
    })
    .onConflict((oc) => oc.column('builtin_key').doNothing())
    .execute();
}
