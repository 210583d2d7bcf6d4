import type { HookEvent, RecordHooks } from '../../engine/hooks/hooks.js';
import { historicalDatesOf } from '../../engine/records/historical-dates.js';
import { badRequest } from '../../http/errors.js';

/**
 * Won/lost deals get a close time (now, unless the write brings one); reopening clears it. Stage → win probability, required fields
 * and lost reasons depend on the deal's pipeline: modules/pipelines/stage-rules.ts.
 */
function applyStage(event: HookEvent) {
  const { values, previous } = event;
  const stage = values.stage as string | undefined;
  // A close time sent through the API (administrators, history) belongs to a won or lost deal.
  const closing = stage ?? previous?.stage;
  if (historicalDatesOf(values).includes('closed_at') && values.closed_at && closing !== 'won' && closing !== 'lost') {
    throw badRequest('only a won or lost deal has a close time', [{ path: 'closed_at', message: 'the deal is not won or lost' }]);
  }
  if (!stage || stage === previous?.stage) return;
  // An import of history (administrators) brings the deal's real close time: it is kept.
  if (stage === 'won' || stage === 'lost') values.closed_at ??= new Date().toISOString();
  else if (previous?.closed_at) values.closed_at = null;
  // An open deal has no close time, even if an imported row's close-date column gave one.
  else delete values.closed_at;
}

export function registerDealStageRules(hooks: RecordHooks) {
  hooks.on('deals', 'beforeCreate', applyStage);
  hooks.on('deals', 'beforeUpdate', applyStage);
}
