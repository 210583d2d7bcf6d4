import { backupModule } from '../backup/index.js';
import type { CrmModule } from './module.js';
import { notificationsModule } from './notifications/index.js';
import { duplicatesModule } from './duplicates/index.js';
import { automationModule } from './automation/index.js';
import { dataImportModule } from './data-import/index.js';
import { salesModule } from './sales/index.js';
import { vcardModule } from './vcard/index.js';

/** Every domain module, in start-up order. A new capability adds one line here. */
export const MODULES: CrmModule[] = [
  salesModule,
  notificationsModule,
  duplicatesModule,
  vcardModule,
  backupModule,
  automationModule,
  dataImportModule,
];

export type { CrmModule, ModuleContext } from './module.js';
