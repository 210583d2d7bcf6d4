import { sql } from 'kysely';
import type { Engine } from '../../engine/index.js';
import type { HookEvent } from '../../engine/hooks/hooks.js';
import { badRequest } from '../../http/errors.js';

/** An entry's price must be in its price book's currency, a product appears once per book, and the entry is titled by the product's name. */
export function registerPriceBookRules(engine: Engine) {
  const check = async ({ trx, values, previous }: HookEvent) => {
    const bookId = (values.price_book_id ?? previous?.price_book_id) as string;
    const productId = (values.product_id ?? previous?.product_id) as string;
    const { rows } = await sql<{ currency: string }>`SELECT currency FROM price_books WHERE id = ${bookId}`.execute(trx);
    const price = (values.price ?? previous?.price) as { amount: number; currency: string } | null;
    if (price && rows[0] && price.currency !== rows[0].currency) {
      throw badRequest(`the price book is in ${rows[0].currency}`, [{ path: 'price.currency', message: `must be ${rows[0].currency}` }]);
    }
    const { rows: same } = await sql`
      SELECT 1 FROM price_book_entries WHERE price_book_id = ${bookId} AND product_id = ${productId}
        AND deleted_at IS NULL AND id IS DISTINCT FROM ${(previous?.id as string) ?? null}::uuid`.execute(trx);
    const { rows: product } = await sql<{ name: string }>`SELECT name FROM products WHERE id = ${productId}`.execute(trx);
    values.product_name = product[0]?.name ?? null;
    if (same.length) throw badRequest('this product already has a price in this price book', [{ path: 'product_id', message: 'already in the price book' }]);
  };
  engine.hooks.on('price_book_entries', 'beforeCreate', check);
  engine.hooks.on('price_book_entries', 'beforeUpdate', check);
}
