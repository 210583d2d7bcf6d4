import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/types.js';
import type { AccessContext } from '../../engine/index.js';
import type { RecordHooks } from '../../engine/hooks/hooks.js';
import type { MetadataRegistry } from '../../engine/metadata/registry.js';
import { ApiError, parseInput } from '../../http/errors.js';
import { actingFor } from '../duplicates/related-links.js';
import type { ModuleContext } from '../module.js';
import { dealValuesFromLead } from './deal-defaults.js';

type Values = Record<string, unknown>;

const values = z.record(z.string(), z.unknown());
export const conversionInput = z
  .object({
    /** Attach to this existing customer, or create one from the lead (values override the lead's). */
    customer: z.union([z.object({ existingId: z.uuid() }).strict(), z.object({ values: values.default({}) }).strict()]).default({ values: {} }),
    contact: z.object({ values: values.default({}) }).strict().default({ values: {} }),
    /** Also open a deal (its name at least); omitted or null: no deal. */
    deal: z.object({ values }).strict().nullish(),
  })
  .strict();
export type ConversionInput = z.infer<typeof conversionInput>;

const pick = (lead: Values, map: Record<string, string>): Values =>
  Object.fromEntries(Object.entries(map).flatMap(([to, from]) => (lead[from] === null || lead[from] === undefined || lead[from] === '' ? [] : [[to, lead[from]]])));

/** What a new customer, contact and deal take from the lead (shown in the dialog, overridable). */
export function defaultsFromLead(lead: Values, metadata: MetadataRegistry) {
  return {
    customer: { name: lead.company || lead.name, ...pick(lead, { phone: 'mobile', email: 'email', region: 'region', source: 'source', tags: 'tags' }) },
    contact: { ...pick(lead, { name: 'name', company: 'company', title: 'title', mobile: 'mobile', email: 'email' }), is_primary: true },
    deal: { name: `${String(lead.company || lead.name)} 商机`, ...dealValuesFromLead(lead, metadata.get('leads'), metadata.get('deals')) },
  };
}

/** The converted_* links of a lead being converted, set by the lead's beforeUpdate hook in the conversion's transaction. */
const pendingLinks = new WeakMap<object, Values>();

export function registerConversionLinks(hooks: RecordHooks) {
  hooks.on('leads', 'beforeUpdate', ({ trx, values: v }) => {
    const links = pendingLinks.get(trx);
    if (links) Object.assign(v, links);
  });
}

/**
 * Lead → customer (new or existing) + contact (+ deal), in ONE transaction through the engine (so
 * permissions, validation, required custom fields, hooks and audit apply to each record): any
 * failure leaves nothing written. The lead becomes 'converted' with links to what it became, and
 * its follow-ups and tasks get the customer and contact, so they show on the customer's 360° view.
 */
export async function convertLead(ctx: Pick<ModuleContext, 'engine' | 'db'>, access: AccessContext, leadId: string, body: unknown) {
  const input = parseInput(conversionInput, body ?? {});
  const { engine } = ctx;
  return ctx.db.transaction().execute(async (trx) => {
    // Read with the user's scope (through the transaction: PGlite has one connection), then lock: two clicks on 转化 convert once.
    const records = engine.records.inTransaction(trx);
    const lead = await records.get('leads', leadId, access);
    await sql`SELECT 1 FROM leads WHERE id = ${leadId} FOR UPDATE`.execute(trx);
    const { rows } = await sql<{ status: string | null }>`SELECT status FROM leads WHERE id = ${leadId}`.execute(trx);
    if (rows[0]?.status === 'converted') throw new ApiError('conflict', 'this lead is already converted', [{ path: 'status', message: 'already converted' }]);

    const defaults = defaultsFromLead(lead, engine.metadata);
    const customer =
      'existingId' in input.customer
        ? await records.get('customers', input.customer.existingId, access).catch(prefix('customer'))
        : await records.create('customers', { ...defaults.customer, ...input.customer.values }, access).catch(prefix('customer'));
    const contact = await records.create('contacts', { ...defaults.contact, ...input.contact.values, customer_id: customer.id }, access).catch(prefix('contact'));
    const deal = input.deal
      ? await records.create('deals', { ...defaults.deal, ...input.deal.values, customer_id: customer.id, contact_id: contact.id }, access).catch(prefix('deal'))
      : null;
    const moved = await moveHistory(trx, records, access, leadId, customer.id as string, contact.id as string);

    pendingLinks.set(trx, { converted_customer_id: customer.id, converted_contact_id: contact.id, converted_deal_id: deal?.id ?? null, converted_at: new Date().toISOString() });
    const updated = await records.update('leads', leadId, { status: 'converted' }, access);
    pendingLinks.delete(trx);
    return { lead: updated, customer, contact, deal, moved };
  });
}

/** Error paths name the part of the dialog: contact.cf_budget, deal.stage. */
function prefix(part: string) {
  return (error: unknown): never => {
    if (error instanceof ApiError) throw new ApiError(error.code, `${part}: ${error.message}`, error.details.map((d) => ({ ...d, path: [part, d.path].filter(Boolean).join('.') })));
    throw error;
  };
}

/** Follow-ups and tasks of the lead also point at the new customer and contact (where they point at none). */
async function moveHistory(trx: Kysely<Database>, records: ModuleContext['engine']['records'], access: AccessContext, leadId: string, customerId: string, contactId: string) {
  const moved: Record<string, number> = {};
  for (const object of ['activities', 'tasks']) {
    const { rows } = await sql<{ id: string; customer_id: string | null; contact_id: string | null }>`
      SELECT id, customer_id, contact_id FROM ${sql.table(object)} WHERE lead_id = ${leadId} AND deleted_at IS NULL ORDER BY id FOR UPDATE`.execute(trx);
    const changes = rows
      .map((r) => ({ id: r.id, ...(r.customer_id ? {} : { customer_id: customerId }), ...(r.contact_id ? {} : { contact_id: contactId }) }))
      .filter((c) => Object.keys(c).length > 1);
    // Part of the conversion the user may do, even for a colleague's follow-up on this lead; audited in the user's name.
    for (let i = 0; i < changes.length; i += 1000) await records.bulkUpdate(object, changes.slice(i, i + 1000), actingFor(access));
    moved[object] = changes.length;
  }
  return moved;
}
