import { addApiPaths } from '../../http/openapi.js';
import type { CrmModule } from '../module.js';
import { automationOf } from '../automation/index.js';
import { registerAssignTicket } from './assign/assign-ticket-action.js';
import { ensureTicketAssignRule } from './assign/assign-rule.js';
import { registerNotificationKind } from '../notifications/kinds.js';
import { registerMailAttachmentSource } from '../notifications/index.js';
import { TICKET_ATTACHMENT_SOURCE } from './messages/reply-mail.js';
import { SERVICE_OBJECTS } from './objects.js';
import { SERVICE_PATHS } from './openapi-paths.js';
import { registerServiceRoutes } from './routes.js';
import { registerSla } from './sla/apply-sla.js';
import { startSlaScan, stopSlaScan } from './sla/sla-jobs.js';
import { registerTicketRules } from './ticket-rules.js';

export { receiveTicketMail, receiveTicketMailIn, type InboundTicketMail } from './inbound-mail.js';

/** Customer service: tickets and their conversation, support groups, canned replies, SLA. */
export const serviceModule: CrmModule = {
  name: 'service',
  register(ctx) {
    const { engine } = ctx;
    registerAssignTicket(automationOf(ctx));
    for (const object of SERVICE_OBJECTS) engine.metadata.register(object);
    registerTicketRules(engine);
    registerSla(engine);
    // Agent replies mail their attachments; the delivery reads the bytes when it sends.
    registerMailAttachmentSource(TICKET_ATTACHMENT_SOURCE, async (db, id) => {
      const row = await db.selectFrom('ticket_attachments').select(['filename', 'content_type', 'content']).where('id', '=', id).executeTakeFirst();
      return row ? { filename: row.filename, contentType: row.content_type, content: row.content } : null;
    });
    registerNotificationKind('ticket_mention', { inApp: true, email: true, robot: false });
    registerNotificationKind('sla_warning', { inApp: true, email: false, robot: false });
    registerNotificationKind('sla_breach', { inApp: true, email: true, robot: false });
    addApiPaths(SERVICE_PATHS);
  },
  async routes(app, ctx) {
    await ensureTicketAssignRule(ctx.db);
    registerServiceRoutes(app, ctx);
  },
  startJobs: (_jobs, ctx) => startSlaScan(ctx),
  stop: (ctx) => stopSlaScan(ctx),
};
