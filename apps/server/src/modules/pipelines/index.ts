import { addApiPaths } from '../../http/openapi.js';
import type { CrmModule } from '../module.js';
import { PIPELINE_PATHS } from './openapi-paths.js';
import { loadPipelines, syncDealSelectOptions } from './pipeline-store.js';
import { registerPipelineRoutes } from './routes.js';
import { registerPipelineStageRules } from './stage-rules.js';

export { getForecast, COMMIT_PROBABILITY } from './forecast.js';
export { listTargets } from './targets.js';
export { loadPipelines, WON, LOST, type Pipeline, type Stage } from './pipeline-store.js';

/** Several pipelines with their stage rules, per-stage board totals, monthly targets and the forecast. */
export const pipelinesModule: CrmModule = {
  name: 'pipelines',
  register({ engine }) {
    registerPipelineStageRules(engine.hooks);
    addApiPaths(PIPELINE_PATHS);
  },
  async routes(app, ctx) {
    registerPipelineRoutes(app, ctx);
    // deals.stage/pipeline options follow the stored pipelines (kept in meta_fields; a no-op when unchanged).
    await syncDealSelectOptions(ctx.engine, await loadPipelines(ctx.db));
  },
};
