import type { FastifyInstance } from 'fastify';
import { addApiPaths } from '../../../http/openapi.js';
import type { ModuleContext } from '../../module.js';
import { registerConsentOnConversion, registerConsentStamp } from './consent.js';
import { queueSend, sendJobsOf } from './jobs.js';
import { CONSENT_FIELDS, LANGUAGE_FIELD, marketingSends, marketingTemplates, RECIPIENT_OBJECTS } from './objects.js';
import { EMAIL_PATHS } from './openapi-paths.js';
import { registerPublicEmailRoutes } from './public-routes.js';
import { registerEmailRoutes } from './routes.js';
import { registerSendChecks } from './start-send.js';
import { registerTemplateChecks } from './template-checks.js';

export { startSendJobs, stopSendJobs } from './jobs.js';

/** E-mail marketing's objects and hooks: consent and language on contacts and leads, templates, sends. */
export function registerEmailMarketing({ engine }: ModuleContext) {
  for (const object of RECIPIENT_OBJECTS) engine.metadata.extend(object, [...CONSENT_FIELDS, LANGUAGE_FIELD]);
  engine.metadata.register(marketingTemplates);
  engine.metadata.register(marketingSends);
  registerConsentStamp(engine);
  registerConsentOnConversion(engine);
  registerTemplateChecks(engine);
  registerSendChecks(engine);
}

export async function registerEmailMarketingRoutes(app: FastifyInstance, ctx: ModuleContext) {
  addApiPaths(EMAIL_PATHS);
  const state = sendJobsOf(ctx);
  registerEmailRoutes(app, ctx, (id) => queueSend(state, id));
  await registerPublicEmailRoutes(app, ctx);
}
