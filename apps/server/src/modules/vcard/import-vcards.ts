import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import type { Engine } from '../../engine/index.js';
import { readCompanyDefaults } from '../../engine/money/company-currency.js';
import { requireScope, scopeFor, type AccessContext } from '../../engine/permissions/access.js';
import { parsePayload } from '../../engine/records/payload.js';
import { badRequest } from '../../http/errors.js';
import { cardToContact } from './card-to-contact.js';
import { parseVCards } from './parse-vcard.js';

const MAX_CARDS = 1000;

export interface VCardImportResult {
  contacts: Record<string, unknown>[];
  customersCreated: number;
  customersLinked: number;
  /** Phone numbers not readable in the company's phone region, kept as written; in the importer's language. */
  warnings: { card: number; field: string; value: string; message: string }[];
}

/** Why a phone went in as written, in the importer's language. */
function phoneWarning(value: string, keptIn: string, locale: string | undefined) {
  const where = keptIn === 'description' ? (locale === 'en' ? 'in the notes' : '到备注') : '';
  return locale === 'en' ? `'${value}' does not look like a phone number; kept as written${where ? ` ${where}` : ''}` : `“${value}”不像电话号码，已按原样保存${where}`;
}

/**
 * Imports the cards of a .vcf file as contacts through the engine (validation, permissions, audit).
 * Every card is validated before anything is written, so a bad card refuses the file naming it
 * (cards.3.email). A card's ORG links the contact to the customer of that name the user can read,
 * or creates it when allowed (createCustomers and a create permission on customers).
 */
export async function importVCards(engine: Engine, db: Kysely<Database>, file: Buffer, ctx: AccessContext, options: { createCustomers: boolean }): Promise<VCardImportResult> {
  const contactsMeta = await engine.records.object('contacts');
  requireScope(ctx, 'contacts', 'create');
  const cards = parseVCards(file);
  if (!cards.length) throw badRequest('the file holds no vCard', [{ path: 'file', message: 'no BEGIN:VCARD … END:VCARD found' }]);
  if (cards.length > MAX_CARDS) throw badRequest(`at most ${MAX_CARDS} cards per file`, [{ path: 'file', message: `has ${cards.length} cards` }]);
  const { phoneRegion } = await readCompanyDefaults(db);
  const read = cards.map((card) => cardToContact(card, phoneRegion));
  read.forEach(({ values }, i) => {
    if (!values.name) throw badRequest(`card ${i + 1} has no name`, [{ path: `cards.${i}.name`, message: 'no N, FN, ORG or EMAIL' }]);
    parsePayload(contactsMeta, values, 'create', ctx, `cards.${i}`);
  });

  const customerIds = new Map<string, string>();
  let created = 0;
  const organisations = [...new Set(read.map((c) => c.organisation).filter((o): o is string => !!o))];
  if (organisations.length && scopeFor(ctx, 'customers', 'read') !== 'none') {
    for (const name of organisations) {
      const found = await engine.records.list('customers', { filter: { field: 'name', op: 'eq', value: name }, limit: 1, fields: 'name', sort: 'created_at' }, ctx);
      if (found.data[0]) customerIds.set(name, found.data[0].id as string);
    }
    const missing = organisations.filter((o) => !customerIds.has(o));
    if (missing.length && options.createCustomers && scopeFor(ctx, 'customers', 'create') !== 'none') {
      const customers = await engine.records.bulkCreate('customers', missing.map((name) => ({ name: name.slice(0, 200) })), ctx);
      customers.forEach((c, i) => customerIds.set(missing[i], c.id as string));
      created = customers.length;
    }
  }
  const rows = read.map(({ values, organisation }) => ({ ...values, ...(organisation && customerIds.has(organisation) ? { customer_id: customerIds.get(organisation) } : {}) }));
  const contacts = await engine.records.bulkCreate('contacts', rows, ctx, 'cards');
  const warnings = read.flatMap(({ unreadPhones }, i) => unreadPhones.map((p) => ({ card: i + 1, field: p.field, value: p.value, message: phoneWarning(p.value, p.keptIn, ctx.locale) })));
  return { contacts, customersCreated: created, customersLinked: rows.filter((r) => 'customer_id' in r).length, warnings };
}
