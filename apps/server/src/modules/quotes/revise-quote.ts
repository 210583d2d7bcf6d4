import { sql } from 'kysely';
import type { AccessContext } from '../../engine/permissions/access.js';
import type { ApiRecord } from '../../engine/records/record-service.js';
import type { ModuleContext } from '../module.js';
import { readOnlyQuote } from './quote-rules.js';

/** Fields a new version or an order takes over from a quote line. */
export const LINE_COPY_FIELDS = ['product_id', 'description', 'quantity', 'unit_price', 'discount_percent', 'tax_rate', 'position'] as const;
const QUOTE_COPY_FIELDS = ['name', 'customer_id', 'deal_id', 'contact_id', 'price_book_id', 'currency', 'valid_until', 'terms', 'description', 'owner_id'] as const;

export const pick = (record: ApiRecord, names: readonly string[]) => Object.fromEntries(names.map((n) => [n, record[n]]));

/** The live lines of a quote or order the user can read, in position order. */
export async function readLines({ engine }: ModuleContext, object: string, parentField: string, parentId: string, ctx: AccessContext, trx?: ModuleContext['db']) {
  const records = trx ? engine.records.inTransaction(trx) : engine.records;
  const { data } = await records.list(object, { filter: { field: parentField, op: 'eq', value: parentId }, sort: 'position,created_at', limit: 500 }, ctx);
  return data;
}

/**
 * Revise → a new draft version with the same number and copied lines; the old version stays as it
 * was, read-only (is_latest = false). All in one transaction; only the latest, unaccepted version
 * can be revised, by someone who may edit it.
 */
export async function reviseQuote(mctx: ModuleContext, quoteId: string, ctx: AccessContext): Promise<ApiRecord> {
  const { engine, db } = mctx;
  await engine.records.object('quotes');
  return db.transaction().execute(async (trx) => {
    const records = engine.records.inTransaction(trx);
    // An empty update locks the row in the user's update scope and runs the read-only checks.
    const old = await records.update('quotes', quoteId, {}, ctx);
    if (old.status === 'accepted') throw readOnlyQuote('an accepted quote cannot be revised; create the order from it');
    const lines = await readLines(mctx, 'quote_line_items', 'quote_id', quoteId, ctx, trx);
    const created = await records.create('quotes', { ...pick(old, QUOTE_COPY_FIELDS), status: 'draft' }, ctx);
    await sql`UPDATE quotes SET quote_no = ${old.quote_no as string}, revision = ${Number(old.revision) + 1}, previous_version_id = ${quoteId}
              WHERE id = ${created.id as string}`.execute(trx);
    await sql`UPDATE quotes SET is_latest = false, updated_at = now(), version = version + 1 WHERE id = ${quoteId}`.execute(trx);
    if (lines.length) await records.bulkCreate('quote_line_items', lines.map((l) => ({ ...pick(l, LINE_COPY_FIELDS), quote_id: created.id })), ctx);
    return records.get('quotes', created.id as string, ctx);
  });
}
