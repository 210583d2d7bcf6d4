import type { CrmModule } from './module.js';
import { dataImportModule } from './data-import/index.js';
import { salesModule } from './sales/index.js';

/** Every domain module, in start-up order. A new capability adds one line here. */
export const MODULES: CrmModule[] = [
  salesModule,
  dataImportModule,
];

export type { CrmModule, ModuleContext } from './module.js';
