import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import type { Engine } from '../../engine/index.js';
import type { HookEvent } from '../../engine/hooks/hooks.js';
import { comparable } from '../../engine/metadata/columns.js';
import { ApiError, badRequest } from '../../http/errors.js';
import { lineSums, registerLineItems } from './line-items.js';

/** Allowed status moves; anything else is a 409 naming `status`. */
const TRANSITIONS: Record<string, string[]> = { draft: ['sent'], sent: ['accepted', 'rejected'], accepted: [], rejected: [] };
/** Fields that may still change once a quote has left draft. */
const ALWAYS_WRITABLE = new Set(['status', 'owner_id']);

/** A document number such as Q-20261123-3F2A (date + random, unique enough per day and indexed). */
export function documentNumber(prefix: string): string {
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '');
  return `${prefix}-${day}-${randomBytes(3).toString('hex').toUpperCase()}`;
}

export function readOnlyQuote(message: string) {
  return new ApiError('conflict', message, [{ path: 'status', message: 'quote is read-only' }]);
}

/** Lines may change only on the latest version of a draft quote. */
async function assertQuoteEditable(trx: Kysely<Database>, quoteId: string) {
  const { rows } = await sql<{ status: string; is_latest: boolean }>`SELECT status, is_latest FROM quotes WHERE id = ${quoteId}`.execute(trx);
  const quote = rows[0];
  if (!quote) throw badRequest('no such quote', [{ path: 'quote_id', message: 'no such quote' }]);
  if (!quote.is_latest) throw readOnlyQuote('this is an old version of the quote and is read-only');
  if (quote.status !== 'draft') throw readOnlyQuote(`the quote is ${quote.status}; revise it to change its lines`);
}

async function refreshQuoteTotals(trx: Kysely<Database>, quoteId: string) {
  const s = await lineSums(trx, 'quote_line_items', 'quote_id', quoteId);
  await sql`
    UPDATE quotes SET subtotal = ${s.subtotal}, discount_total = ${s.discount}, tax_total = ${s.tax}, grand_total = ${s.total},
      subtotal_currency = currency, discount_total_currency = currency, tax_total_currency = currency, grand_total_currency = currency,
      updated_at = now()
    WHERE id = ${quoteId}`.execute(trx);
}

async function priceBookCurrency(trx: Kysely<Database>, bookId: string) {
  const { rows } = await sql<{ currency: string }>`SELECT currency FROM price_books WHERE id = ${bookId}`.execute(trx);
  return rows[0]?.currency;
}

const zero = (currency: string) => ({ amount: 0, currency });

export function registerQuoteRules(engine: Engine) {
  engine.hooks.on('quotes', 'beforeCreate', async ({ trx, values }: HookEvent) => {
    if (values.status !== 'draft') throw new ApiError('conflict', 'a new quote starts as a draft', [{ path: 'status', message: 'must be draft' }]);
    if (values.price_book_id) values.currency = (await priceBookCurrency(trx, values.price_book_id as string)) ?? values.currency;
    const currency = values.currency as string;
    Object.assign(values, {
      quote_no: values.quote_no ?? documentNumber('Q'),
      revision: values.revision ?? 1,
      is_latest: true,
      subtotal: zero(currency),
      discount_total: zero(currency),
      tax_total: zero(currency),
      grand_total: zero(currency),
    });
  });

  engine.hooks.on('quotes', 'beforeUpdate', async ({ trx, values, previous }: HookEvent) => {
    if (!previous) return;
    if (!previous.is_latest) throw readOnlyQuote('this is an old version of the quote and is read-only');
    // Compared like the engine does, so a form sending back unchanged values ('' for null) is no change.
    const changed = Object.keys(values).filter((k) => comparable(values[k]) !== comparable(previous[k]));
    if (previous.status !== 'draft') {
      const locked = changed.filter((k) => !ALWAYS_WRITABLE.has(k));
      if (locked.length) throw readOnlyQuote(`the quote is ${previous.status}; revise it to change ${locked.join(', ')}`);
    }
    if (values.price_book_id && values.price_book_id !== previous.price_book_id) {
      values.currency = (await priceBookCurrency(trx, values.price_book_id as string)) ?? values.currency;
    }
    const status = values.status as string | undefined;
    if (status && status !== previous.status) {
      if (!TRANSITIONS[previous.status as string]?.includes(status)) {
        throw new ApiError('conflict', `a ${previous.status} quote cannot become ${status}`, [{ path: 'status', message: `allowed: ${TRANSITIONS[previous.status as string]?.join(', ') || 'none'}` }]);
      }
      if (status === 'sent') values.sent_at = new Date().toISOString();
      else values.decided_at = new Date().toISOString();
    }
  });

  engine.hooks.on('quotes', 'afterUpdate', async ({ trx, values, previous, record }: HookEvent) => {
    if (record && values.currency && values.currency !== previous?.currency) await refreshQuoteTotals(trx, record.id as string);
  });

  registerLineItems(engine, {
    lines: 'quote_line_items',
    parentField: 'quote_id',
    parent: 'quotes',
    assertEditable: assertQuoteEditable,
    refreshTotals: refreshQuoteTotals,
  });
}
