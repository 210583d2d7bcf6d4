import { addApiPaths } from '../../http/openapi.js';
import { automationOf } from '../automation/index.js';
import type { CrmModule } from '../module.js';
import { SCORE_FIELDS, SCORED_OBJECTS } from './fields.js';
import { startScoringJobs } from './jobs.js';
import { MARKETING_SCORING_PATHS } from './openapi-paths.js';
import { registerScoringRoutes } from './routes.js';
import { registerScoreTrigger } from './trigger.js';

/**
 * Lead scoring: behaviour points (website events, e-mail engagement, form submissions, decaying
 * by half-life) and fit points (field conditions) configured as rules, kept as the `score` and
 * `score_reasons` fields of leads and contacts, recomputed nightly and on each person's activity
 * or change; automation's `score_crosses` trigger.
 */
export const marketingScoringModule: CrmModule = {
  name: 'marketing-scoring',
  register(ctx) {
    for (const object of SCORED_OBJECTS) ctx.engine.metadata.extend(object, SCORE_FIELDS);
    registerScoreTrigger(automationOf(ctx).registry);
    addApiPaths(MARKETING_SCORING_PATHS);
  },
  routes: registerScoringRoutes,
  startJobs: startScoringJobs,
};
