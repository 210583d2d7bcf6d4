import type { CrmModule } from '../module.js';
import { PRODUCT_OBJECTS } from './objects.js';
import { registerPriceBookRules } from './price-book-rules.js';

/** Products and price books. */
export const productsModule: CrmModule = {
  name: 'products',
  register({ engine }) {
    for (const object of PRODUCT_OBJECTS) engine.metadata.register(object);
    registerPriceBookRules(engine);
  },
};
