import type { TimelineEntry } from '@crm/schema';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import type { AccessContext } from '../../engine/permissions/access.js';
import { actionInWords } from './action-words.js';

const SHOWN = 20;
/** What the timeline shows of a failure; the run log (administrators) keeps the whole error. */
const ERROR_SHOWN = 300;

/**
 * Automation runs on a record, for its timeline: which rule fired, what it did, or why it failed or
 * stopped. Why is for administrators only: an error can quote what another server answered (a
 * webhook's response body), so other readers see which action failed, not its message.
 */
export function automationTimeline(db: Kysely<Database>) {
  return async (_meta: unknown, id: string, ctx: AccessContext): Promise<TimelineEntry[]> => {
    const runs = await db
      .selectFrom('automation_runs as r')
      .innerJoin('automation_rules as rule', 'rule.id', 'r.rule_id')
      .select(['r.id', 'r.rule_id', 'rule.name', 'r.status', 'r.error', 'r.started_at'])
      .where('r.record_id', '=', id)
      .where('r.status', '<>', 'not_matched')
      .orderBy('r.started_at', 'desc')
      .limit(SHOWN)
      .execute();
    if (!runs.length) return [];
    const actions = await db.selectFrom('automation_action_runs').select(['run_id', 'type', 'status']).where('run_id', 'in', runs.map((r) => r.id)).orderBy('position').execute();
    return runs.map((run) => ({
      kind: 'extension',
      source: 'automation',
      at: new Date(run.started_at).toISOString(),
      actorId: null,
      title: run.name,
      detail:
        run.error && ctx.permissions.admin
          ? run.error.slice(0, ERROR_SHOWN)
          : actions.filter((a) => a.run_id === run.id).map((a) => actionInWords(a.type, a.status, ctx.locale)).join(ctx.locale === 'en' ? ', ' : '，'),
      status: run.status === 'failed' || run.status === 'stopped' ? 'error' : run.status === 'done' ? 'ok' : 'info',
      action: run.status,
      link: `/settings/automation?rule=${run.rule_id}`,
    }));
  };
}
