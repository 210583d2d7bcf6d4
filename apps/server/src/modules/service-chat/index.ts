import { addApiPaths } from '../../http/openapi.js';
import type { CrmModule, ModuleContext } from '../module.js';
import { liveHubOf } from '../notifications/index.js';
import { registerAgentRoutes } from './agents/agent-routes.js';
import { ChatHub } from './live/chat-hub.js';
import { CHAT_PATHS } from './openapi-paths.js';
import { startMissedScan, stopMissedScan } from './sessions/missed-scan.js';
import { registerChatSettingsRoutes } from './settings/chat-settings.js';
import { registerPublicChatRoutes } from './visitors/public-routes.js';

/** Per app instance (tests run two in one process). */
const hubs = new WeakMap<ModuleContext, ChatHub>();

/** Live chat (在线客服): the website widget, the agents' console, transcripts to the contact and tickets. */
export const serviceChatModule: CrmModule = {
  name: 'service-chat',
  register() {
    addApiPaths(CHAT_PATHS);
  },
  async routes(app, ctx) {
    const live = liveHubOf(ctx);
    if (!live) throw new Error('service-chat needs the notifications module (its live hub) registered first');
    const hub = new ChatHub(ctx.db, live);
    hubs.set(ctx, hub);
    // Open streams would keep the HTTP server from closing.
    app.addHook('preClose', async () => hub.stop());
    registerChatSettingsRoutes(app, ctx.db);
    registerAgentRoutes(app, ctx, hub);
    await registerPublicChatRoutes(app, ctx, hub);
  },
  startJobs: async (_jobs, ctx) => startMissedScan(ctx),
  stop: async (ctx) => stopMissedScan(ctx),
};
