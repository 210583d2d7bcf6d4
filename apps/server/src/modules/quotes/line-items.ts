import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import type { Engine } from '../../engine/index.js';
import type { HookEvent } from '../../engine/hooks/hooks.js';
import { badRequest } from '../../http/errors.js';
import { lineAmounts } from './money.js';

/** A document with lines (a quote or an order) and the columns its totals go to. */
export interface LineDocument {
  lines: string;
  parentField: string;
  parent: string;
  /** Refuses changes to a parent that is read-only (sent quote, old version). */
  assertEditable?: (trx: Kysely<Database>, parentId: string) => Promise<void>;
  /** Writes the parent's totals from the sums of its live lines. */
  refreshTotals: (trx: Kysely<Database>, parentId: string) => Promise<void>;
}

/**
 * Lines get their amounts computed here (what a client sends for them is refused by the schema:
 * they are system fields), unit prices default from the parent's price book (else the product's
 * list price) and the parent's totals are refreshed in the same transaction.
 */
export function registerLineItems(engine: Engine, doc: LineDocument) {
  const compute = async ({ trx, values, previous }: HookEvent) => {
    const parentId = (values[doc.parentField] ?? previous?.[doc.parentField]) as string;
    if (previous && values[doc.parentField] !== undefined && values[doc.parentField] !== previous[doc.parentField]) {
      throw badRequest(`a line cannot move to another ${doc.parent} record`, [{ path: doc.parentField, message: 'cannot be changed' }]);
    }
    await doc.assertEditable?.(trx, parentId);
    const merged = { ...previous, ...values };
    const productId = merged.product_id as string | null | undefined;
    if (productId && (merged.unit_price === null || merged.unit_price === undefined || !merged.description)) {
      const product = await productDefaults(trx, doc.parent, parentId, productId);
      if (merged.unit_price === null || merged.unit_price === undefined) values.unit_price = merged.unit_price = product.price;
      if (!merged.description) values.description = merged.description = product.name;
    }
    if (merged.unit_price === null || merged.unit_price === undefined) {
      throw badRequest('unit_price is required when the product has no price', [{ path: 'unit_price', message: 'is required' }]);
    }
    if (!merged.description) throw badRequest('a line needs a product or a description', [{ path: 'description', message: 'is required' }]);
    Object.assign(values, lineAmounts({
      quantity: Number(merged.quantity ?? 1),
      unit_price: Number(merged.unit_price),
      discount_percent: Number(merged.discount_percent ?? 0),
      tax_rate: Number(merged.tax_rate ?? 0),
    }));
  };
  const refresh = async ({ trx, record, previous }: HookEvent) => {
    await doc.refreshTotals(trx, (record?.[doc.parentField] ?? previous?.[doc.parentField]) as string);
  };
  const guardDelete = async ({ trx, previous }: HookEvent) => {
    await doc.assertEditable?.(trx, previous?.[doc.parentField] as string);
    await refresh({ trx, previous } as HookEvent);
  };
  engine.hooks.on(doc.lines, 'beforeCreate', compute);
  engine.hooks.on(doc.lines, 'beforeUpdate', compute);
  engine.hooks.on(doc.lines, 'afterCreate', refresh);
  engine.hooks.on(doc.lines, 'afterUpdate', refresh);
  engine.hooks.on(doc.lines, 'afterDelete', guardDelete);
  engine.hooks.on(doc.lines, 'afterRestore', guardDelete);
}

/** The product's price in the parent's price book (if it names one), else its list price. */
async function productDefaults(trx: Kysely<Database>, parent: string, parentId: string, productId: string) {
  const bookPrice = parent === 'quotes'
    ? sql`(SELECT e.price FROM quotes q JOIN price_book_entries e ON e.price_book_id = q.price_book_id AND e.deleted_at IS NULL
           WHERE q.id = ${parentId} AND e.product_id = p.id LIMIT 1)`
    : sql`NULL::numeric`;
  const { rows } = await sql<{ name: string; price: string | null }>`
    SELECT p.name, COALESCE(${bookPrice}, p.list_price) AS price FROM products p WHERE p.id = ${productId}`.execute(trx);
  const row = rows[0];
  if (!row) throw badRequest('no such product', [{ path: 'product_id', message: 'no such product' }]);
  return { name: row.name, price: row.price === null ? null : Number(row.price) };
}

/** Sums of a parent's live lines, in SQL numeric (exact). */
export async function lineSums(trx: Kysely<Database>, lines: string, parentField: string, parentId: string) {
  const { rows } = await sql<{ subtotal: string; discount: string; tax: string; total: string }>`
    SELECT COALESCE(sum(amount), 0) AS subtotal, COALESCE(sum(discount_amount), 0) AS discount,
           COALESCE(sum(tax_amount), 0) AS tax, COALESCE(sum(line_total), 0) AS total
    FROM ${sql.table(lines)} WHERE ${sql.ref(parentField)} = ${parentId} AND deleted_at IS NULL`.execute(trx);
  return rows[0];
}
