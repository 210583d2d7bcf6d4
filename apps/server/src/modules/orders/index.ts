import type { CrmModule } from '../module.js';
import { ORDER_OBJECTS } from './objects.js';
import { registerPaymentRules } from './payment-rules.js';
import { registerOrderRoutes } from './routes.js';

/** Orders (合同), payment plans (回款计划), payments (回款记录) and customer value. */
export const ordersModule: CrmModule = {
  name: 'orders',
  register({ engine }) {
    for (const object of ORDER_OBJECTS) engine.metadata.register(object);
    registerPaymentRules(engine);
  },
  routes: registerOrderRoutes,
};
