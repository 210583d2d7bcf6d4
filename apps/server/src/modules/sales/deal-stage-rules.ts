import type { HookEvent, RecordHooks } from '../../engine/hooks/hooks.js';
import { STAGE_PROBABILITY } from './objects.js';

/**
 * When a deal changes stage (e.g. dragged on the kanban), its win probability follows the stage's
 * default unless the user set one in the same change, and won/lost deals get a close time.
 */
function applyStage(event: HookEvent) {
  const { values, previous } = event;
  const stage = values.stage as string | undefined;
  if (!stage || stage === previous?.stage) return;
  if (values.probability === undefined && stage in STAGE_PROBABILITY) values.probability = STAGE_PROBABILITY[stage];
  if (stage === 'won' || stage === 'lost') values.closed_at = new Date().toISOString();
  else if (previous?.closed_at) values.closed_at = null;
}

export function registerDealStageRules(hooks: RecordHooks) {
  hooks.on('deals', 'beforeCreate', applyStage);
  hooks.on('deals', 'beforeUpdate', applyStage);
}
