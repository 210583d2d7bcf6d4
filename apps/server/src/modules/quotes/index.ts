import { addApiPaths } from '../../http/openapi.js';
import type { CrmModule } from '../module.js';
import { SALES_ORDER_PATHS } from './openapi-paths.js';
import { QUOTE_OBJECTS } from './objects.js';
import { registerQuoteRules } from './quote-rules.js';
import { registerQuoteRoutes } from './routes.js';

/** Quotes with line items, versions, statuses, PDF and the step to an order; company settings for the PDF. */
export const quotesModule: CrmModule = {
  name: 'quotes',
  register({ engine }) {
    for (const object of QUOTE_OBJECTS) engine.metadata.register(object);
    registerQuoteRules(engine);
    addApiPaths(SALES_ORDER_PATHS);
  },
  routes: registerQuoteRoutes,
};
