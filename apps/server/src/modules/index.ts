import { backupModule } from '../backup/index.js';
import type { CrmModule } from './module.js';
import { notificationsModule } from './notifications/index.js';
import { duplicatesModule } from './duplicates/index.js';
import { automationModule } from './automation/index.js';
import { dataImportModule } from './data-import/index.js';
import { salesModule } from './sales/index.js';
import { salesReportsModule } from './sales-reports/index.js';
import { productsModule } from './products/index.js';
import { quotesModule } from './quotes/index.js';
import { ordersModule } from './orders/index.js';
import { pipelinesModule } from './pipelines/index.js';
import { leadConversionModule } from './lead-conversion/index.js';
import { vcardModule } from './vcard/index.js';
import { poolModule } from './pool/index.js';
import { webFormsModule } from './web-forms/index.js';
import { currencyModule } from './currency/index.js';
import { createServiceMailModule } from './service-mail/index.js';
import { receiveTicketMailIn, serviceModule } from './service/index.js';
import { serviceKbModule } from './service-kb/index.js';
import { marketingModule } from './marketing/index.js';
import { marketingTrackingModule } from './marketing-tracking/index.js';
import { marketingValueModule } from './marketing-value/index.js';
import { marketingScoringModule } from './marketing-scoring/index.js';
import { servicePortalModule } from './service-portal/index.js';
import { serviceReportsModule } from './service-reports/index.js';
import { serviceChatModule } from './service-chat/index.js';
import { serviceSurveysModule } from './service-surveys/index.js';

/** Every domain module, in start-up order. A new capability adds one line here. */
export const MODULES: CrmModule[] = [
  currencyModule,
  salesModule,
  productsModule,
  quotesModule,
  ordersModule,
  pipelinesModule,
  leadConversionModule,
  notificationsModule,
  duplicatesModule,
  vcardModule,
  backupModule,
  automationModule,
  dataImportModule,
  webFormsModule,
  poolModule,
  salesReportsModule,
  serviceModule,
  // Mail from the support mailbox becomes ticket messages, in the poller's transaction.
  createServiceMailModule({ deliver: (ctx) => (trx, mail, flags) => receiveTicketMailIn(trx, ctx, mail, flags) }),
  serviceKbModule,
  marketingModule,
  marketingTrackingModule,
  marketingValueModule,
  marketingScoringModule,
  servicePortalModule,
  serviceSurveysModule,
  serviceReportsModule,
  serviceChatModule,
];

export type { CrmModule, ModuleContext } from './module.js';
