import { addApiPaths } from '../../http/openapi.js';
import type { CrmModule, ModuleContext } from '../module.js';
import type { DeliverInboundMail } from './inbound-mail-type.js';
import { SERVICE_MAIL_API_PATHS } from './openapi-paths.js';
import { MailPolling } from './poller/poll-jobs.js';
import { registerServiceMailRoutes } from './routes.js';

export type { DeliverInboundMail, InboundMailFlags, InboundTicketMail } from './inbound-mail-type.js';
export { pollMailbox, type PollOptions, type PollResult } from './poller/poll-mailbox.js';
export { parseInboundMail } from './parse/parse-mail.js';
export * from './threading/threading.js';

/** Per app instance (tests run two in one process). */
const pollings = new WeakMap<ModuleContext, MailPolling>();

const pollingFor = (ctx: ModuleContext, deliver: DeliverInboundMail | null) => {
  let polling = pollings.get(ctx);
  if (!polling) pollings.set(ctx, (polling = new MailPolling(ctx.db, deliver)));
  return polling;
};

/**
 * The support mailbox: IMAP polling on pg-boss, parsing, dedupe and quarantine. Each parsed mail
 * goes to `deliver` (the tickets module's receiveTicketMail); without one the poller does not run.
 */
export function createServiceMailModule(options: { deliver: ((ctx: ModuleContext) => DeliverInboundMail) | null }): CrmModule {
  return {
    name: 'service-mail',
    async routes(app, ctx) {
      registerServiceMailRoutes(app, ctx.db, pollingFor(ctx, options.deliver?.(ctx) ?? null));
      addApiPaths(SERVICE_MAIL_API_PATHS);
    },
    async startJobs(jobs, ctx) {
      await pollingFor(ctx, options.deliver?.(ctx) ?? null).start(jobs);
    },
    async stop(ctx) {
      pollings.get(ctx)?.stop();
    },
  };
}

/** Points one app instance's mailbox at another receiver (tests record what arrived). */
export function setInboundMailDelivery(ctx: ModuleContext, deliver: DeliverInboundMail) {
  pollingFor(ctx, deliver).deliver = deliver;
}
