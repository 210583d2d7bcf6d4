import type { CrmModule } from '../module.js';
import { registerCustomerStatus } from './customer-status.js';
import { registerDealStageRules } from './deal-stage-rules.js';
import { registerActivityDefaults, registerLastActivity } from './last-activity.js';
import { SALES_OBJECTS } from './objects.js';

/** Customers, contacts, leads, deals, follow-ups and tasks, and the rules between them. */
export const salesModule: CrmModule = {
  name: 'sales',
  register({ engine }) {
    for (const object of SALES_OBJECTS) engine.metadata.register(object);
    registerCustomerStatus(engine);
    registerDealStageRules(engine.hooks);
    registerLastActivity(engine.hooks);
    registerActivityDefaults(engine.hooks);
  },
};
