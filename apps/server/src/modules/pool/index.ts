import { addApiPaths } from '../../http/openapi.js';
import type { CrmModule } from '../module.js';
import { POOL_PATHS } from './openapi-paths.js';
import { registerPoolRoutes } from './routes.js';

/** The public pool (公海) of customers and leads: claim with a per-role cap, release; recycling is an automation rule. */
export const poolModule: CrmModule = {
  name: 'pool',
  register() {
    addApiPaths(POOL_PATHS);
  },
  routes(app, ctx) {
    registerPoolRoutes(app, ctx);
  },
};
