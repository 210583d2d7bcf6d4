import { addApiPaths } from '../../http/openapi.js';
import type { CrmModule } from '../module.js';
import { WEB_FORMS_OPENAPI } from './openapi.js';
import { registerPublicFormRoutes } from './public-routes.js';
import { registerFormAdminRoutes } from './routes.js';

/** Web-to-lead: admins design lead forms; visitors submit them on a hosted page or an embed on any site. */
export const webFormsModule: CrmModule = {
  name: 'web-forms',
  register() {
    addApiPaths(WEB_FORMS_OPENAPI);
  },
  async routes(app, ctx) {
    registerFormAdminRoutes(app, ctx);
    await registerPublicFormRoutes(app, ctx);
  },
};
