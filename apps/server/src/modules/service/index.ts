import { addApiPaths } from '../../http/openapi.js';
import type { CrmModule } from '../module.js';
import { registerNotificationKind } from '../notifications/kinds.js';
import { SERVICE_OBJECTS } from './objects.js';
import { SERVICE_PATHS } from './openapi-paths.js';
import { registerServiceRoutes } from './routes.js';
import { registerTicketRules } from './ticket-rules.js';

export { receiveTicketMail, type InboundTicketMail } from './inbound-mail.js';

/** Customer service: tickets and their conversation, support groups, canned replies, SLA. */
export const serviceModule: CrmModule = {
  name: 'service',
  register({ engine }) {
    for (const object of SERVICE_OBJECTS) engine.metadata.register(object);
    registerTicketRules(engine);
    registerNotificationKind('ticket_mention', { inApp: true, email: true, robot: false });
    addApiPaths(SERVICE_PATHS);
  },
  routes: registerServiceRoutes,
};
