import type { CrmModule } from '../module.js';
import { registerConversionLinks } from './convert-lead.js';
import { registerConversionRoutes } from './routes.js';

export { convertLead } from './convert-lead.js';

/** Lead → customer + contact (+ deal) in one transaction, with duplicate suggestions. */
export const leadConversionModule: CrmModule = {
  name: 'lead-conversion',
  register({ engine }) {
    registerConversionLinks(engine.hooks);
  },
  routes(app, ctx) {
    registerConversionRoutes(app, ctx);
  },
};
