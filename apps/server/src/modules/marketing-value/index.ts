import { addApiPaths } from '../../http/openapi.js';
import { automationOf } from '../automation/index.js';
import type { CrmModule } from '../module.js';
import { registerCouponRules } from './coupons/coupon-rules.js';
import { registerIssueCoupon } from './coupons/issue-action.js';
import { coupons } from './coupons/objects.js';
import { startValueJobs } from './jobs.js';
import { MARKETING_VALUE_PATHS } from './openapi-paths.js';
import { registerValueRoutes } from './routes.js';
import { CONTACT_VALUE_FIELDS, CUSTOMER_VALUE_FIELDS } from './value/fields.js';

/**
 * Customer value (RFM, tier A/B/C, lifetime and predicted value) and churn risk kept on customers
 * as engine fields, recomputed nightly and after order/payment changes; coupons (优惠券) with
 * redemption, expiry and the automation action "issue a coupon".
 */
export const marketingValueModule: CrmModule = {
  name: 'marketing-value',
  register(ctx) {
    const { engine } = ctx;
    engine.metadata.extend('customers', CUSTOMER_VALUE_FIELDS);
    engine.metadata.extend('contacts', CONTACT_VALUE_FIELDS);
    engine.metadata.register(coupons);
    registerCouponRules(engine);
    registerIssueCoupon(automationOf(ctx));
    addApiPaths(MARKETING_VALUE_PATHS);
  },
  routes: registerValueRoutes,
  startJobs: startValueJobs,
};
