import { addApiPaths } from '../../http/openapi.js';
import type { CrmModule, ModuleContext } from '../module.js';
import { registerAssignedNotices } from './assigned/notify-assigned.js';
import { startDeliveryJobs, type DeliveryJobs } from './deliveries/delivery-jobs.js';
import { registerDeliveryRoutes } from './deliveries/delivery-routes.js';
import { registerEmailRoutes } from './email/email-routes.js';
import { registerInboxRoutes } from './inbox/inbox-routes.js';
import { LiveHub } from './live/live-hub.js';
import { registerStreamRoute } from './live/stream-route.js';
import { NOTIFICATION_API_PATHS } from './openapi-paths.js';
import { registerPreferenceRoutes } from './preferences-routes.js';

// The service other modules call (automation actions, reminders).
export { notify, type NotifyInput, type NotifyResult } from './notify.js';
export { sendTemplateEmail, type SendTemplateEmailInput } from './email/send-template-email.js';
export { deliverPendingNow } from './deliveries/deliver.js';
export { registerMailAttachmentSource } from './email/attachment-sources.js';
export { registerNotificationKind, notificationKinds, type ChannelSwitches } from './kinds.js';

export { announce, type TopicMessage } from './live/channel.js';
export { writeEvent, type LiveHub, type TopicListener } from './live/live-hub.js';

/** The app instance's live hub (one LISTEN connection), for other modules' topics; set once routes ran. */
export const liveHubOf = (ctx: ModuleContext): LiveHub | undefined => hubs.get(ctx);

/** Per app instance (tests run two in one process): its live hub and its delivery relay. */
const hubs = new WeakMap<ModuleContext, LiveHub>();
const relays = new Set<DeliveryJobs>();

/** In-app notification centre with live push, e-mail (SMTP + templates), group robots, per-user preferences. */
export const notificationsModule: CrmModule = {
  name: 'notifications',
  register(ctx) {
    registerAssignedNotices(ctx.bus, ctx.db, ctx.engine);
  },
  async routes(app, ctx) {
    const hub = new LiveHub(ctx.db, ctx.handle);
    await hub.start();
    hubs.set(ctx, hub);
    // Open streams would keep the HTTP server from closing.
    app.addHook('preClose', async () => hub.stop());
    registerInboxRoutes(app, ctx.db);
    registerStreamRoute(app, ctx.db, hub);
    registerPreferenceRoutes(app, ctx.db);
    registerEmailRoutes(app, ctx.db);
    registerDeliveryRoutes(app, ctx.db);
    addApiPaths(NOTIFICATION_API_PATHS);
  },
  async startJobs(jobs, ctx) {
    const relay = await startDeliveryJobs(jobs, ctx.db);
    relays.add(relay);
    const hub = hubs.get(ctx);
    if (hub) hub.onDeliveries = () => void relay.relayNow();
  },
  async stop() {
    for (const relay of relays) relay.stop();
    relays.clear();
  },
};
