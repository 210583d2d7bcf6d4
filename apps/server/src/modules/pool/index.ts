import type { CrmModule } from '../module.js';
import { registerPoolRoutes } from './routes.js';

/** The public pool (公海) of customers and leads: claim with a per-role cap, release; recycling is an automation rule. */
export const poolModule: CrmModule = {
  name: 'pool',
  routes(app, ctx) {
    registerPoolRoutes(app, ctx);
  },
};
