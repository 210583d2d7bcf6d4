import { addApiPaths } from '../../http/openapi.js';
import { field } from '../define.js';
import type { CrmModule } from '../module.js';
import { registerCsatMail } from './csat/csat.js';
import { PORTAL_PATHS } from './openapi-paths.js';
import { registerPortalPages } from './pages/page-routes.js';
import { registerPortalApi } from './portal-api.js';

/** Self-service portal (客户自助门户): contacts sign in by e-mailed code, follow and open tickets; CSAT surveys. */
export const servicePortalModule: CrmModule = {
  name: 'service-portal',
  register({ engine }) {
    engine.metadata.extend('contacts', [
      field('portal_company_access', '门户可见公司全部工单', 'Portal: sees all company tickets', 'boolean', { defaultValue: false }),
    ]);
    registerCsatMail(engine);
    addApiPaths(PORTAL_PATHS);
  },
  async routes(app, ctx) {
    registerPortalApi(app, ctx);
    await registerPortalPages(app, ctx);
  },
};
