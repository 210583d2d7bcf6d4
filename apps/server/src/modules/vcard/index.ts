import type { CrmModule } from '../module.js';
import { registerVCardRoutes } from './routes.js';

/** Contacts to and from vCard (.vcf) files: phones, mail clients, address books. */
export const vcardModule: CrmModule = {
  name: 'vcard',
  routes: (app, ctx) => registerVCardRoutes(app, ctx),
};
