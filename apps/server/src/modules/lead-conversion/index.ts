import { addApiPaths } from '../../http/openapi.js';
import type { CrmModule } from '../module.js';
import { registerConversionLinks } from './convert-lead.js';
import { CONVERSION_PATHS } from './openapi-paths.js';
import { registerConversionRoutes } from './routes.js';

export { convertLead } from './convert-lead.js';

/** Lead → customer + contact (+ deal) in one transaction, with duplicate suggestions. */
export const leadConversionModule: CrmModule = {
  name: 'lead-conversion',
  register({ engine }) {
    registerConversionLinks(engine.hooks);
    addApiPaths(CONVERSION_PATHS);
  },
  routes(app, ctx) {
    registerConversionRoutes(app, ctx);
  },
};
