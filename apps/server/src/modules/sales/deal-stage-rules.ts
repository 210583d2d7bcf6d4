import type { HookEvent, RecordHooks } from '../../engine/hooks/hooks.js';

/**
 * Won/lost deals get a close time (now, unless the write brings one); reopening clears it. Stage → win probability, required fields
 * and lost reasons depend on the deal's pipeline: modules/pipelines/stage-rules.ts.
 */
function applyStage(event: HookEvent) {
  const { values, previous } = event;
  const stage = values.stage as string | undefined;
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
