import { addApiPaths } from '../../http/openapi.js';
import type { CrmModule } from '../module.js';
import { segments } from './objects.js';
import { MARKETING_PATHS } from './openapi-paths.js';
import { registerSegmentCondition } from './segments/segment-condition.js';
import { registerSegmentRoutes } from './segments/routes.js';
import { registerSegmentChecks, registerSegmentListFilter } from './segments/segment-service.js';

/** Marketing: segments (dynamic by filter, including related records, or static lists), the automation condition `$segment`. */
export const marketingModule: CrmModule = {
  name: 'marketing',
  register(ctx) {
    const { engine } = ctx;
    engine.metadata.register(segments);
    registerSegmentChecks(engine);
    registerSegmentListFilter(engine);
    registerSegmentCondition(ctx);
  },
  routes(app, ctx) {
    addApiPaths(MARKETING_PATHS);
    registerSegmentRoutes(app, ctx);
  },
};
