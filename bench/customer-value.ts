/**
 * Customer value at scale: N customers with a year and a half of orders (0–8 each, one in ten in
 * USD), payments on most orders, seeded set-based. Times the set-based recompute
 * (recomputeCustomerValue: one aggregate read over all customers, scoring, then the engine's
 * audited bulk update of the customers whose values changed): the first run writes every
 * customer, a second run with nothing changed only reads and compares.
 *
 *   npm run bench:customer-value -- [--db postgres|pglite] [--n 100000]
 */
import { sql } from 'kysely';
import { readCompanyDefaults } from '../apps/server/src/engine/money/company-currency.js';
import { installMedianGap, readHistory } from '../apps/server/src/modules/marketing-value/value/history-sql.js';
import { recomputeCustomerValue } from '../apps/server/src/modules/marketing-value/value/recompute.js';
import { arg, loadAvg, log, openBenchCrm } from './schema-crm.js';

const n = Number(arg('n', '100000'));
const kind = arg('db', 'postgres');

const { crm, cleanup } = await openBenchCrm(kind, 'bench_customer_value');
const db = crm.handle.db;
const asOf = new Date().toISOString().slice(0, 10);

try {
  const t0 = Date.now();
  await sql`INSERT INTO currency_rates (currency, rate) VALUES ('USD', 7.2) ON CONFLICT DO NOTHING`.execute(db);
  for (let done = 0; done < n; done += 50_000) {
    const to = Math.min(n, done + 50_000);
    await sql`INSERT INTO customers (name, created_at, updated_at) SELECT '客户 ' || g, now(), now() FROM generate_series(${done + 1}::int, ${to}::int) g`.execute(db);
  }
  // Customer k (by name order) buys (k % 9) times, every 20–80 days, the last 0–400 days ago.
  await sql`
    INSERT INTO orders (name, customer_id, total_amount, total_amount_currency, signed_on, status, created_at, updated_at)
    SELECT '合同 ' || c.k || '-' || o, c.id,
      CASE WHEN c.k % 10 = 0 THEN 500 + (c.k * 37 + o * 11) % 5000 ELSE 3000 + (c.k * 53 + o * 17) % 40000 END,
      CASE WHEN c.k % 10 = 0 THEN 'USD' ELSE 'CNY' END,
      ${asOf}::date - (c.k * 7 % 400) - o * (20 + c.k % 60), 'completed', now(), now()
    FROM (SELECT id, row_number() OVER (ORDER BY id)::int AS k FROM customers) c, generate_series(0, 7) o
    WHERE o < c.k % 9`.execute(db);
  await sql`
    INSERT INTO payments (order_id, customer_id, amount, amount_currency, received_on, created_at, updated_at)
    SELECT id, customer_id, total_amount, total_amount_currency, signed_on + 10, now(), now() FROM orders WHERE (hashtext(id::text) & 7) <> 0`.execute(db);
  await sql`ANALYZE customers; ANALYZE orders; ANALYZE payments`.execute(db);
  const counts = (await sql<{ orders: string; payments: string }>`SELECT (SELECT count(*) FROM orders) AS orders, (SELECT count(*) FROM payments) AS payments`.execute(db)).rows[0];
  const seedS = (Date.now() - t0) / 1000;
  log(`seeded ${n} customers, ${counts.orders} orders, ${counts.payments} payments in ${seedS.toFixed(0)} s (load ${loadAvg()})`);

  const money = await readCompanyDefaults(db);
  let t = performance.now();
  const rows = await readHistory(db, asOf, undefined, money);
  await installMedianGap(db, asOf);
  const readMs = performance.now() - t;
  log(`aggregate read: ${rows.length} rows in ${readMs.toFixed(0)} ms`);
  t = performance.now();
  const first = await recomputeCustomerValue(db, crm.engine, { asOf });
  const firstMs = performance.now() - t;
  log(`first recompute: ${JSON.stringify(first)} in ${(firstMs / 1000).toFixed(1)} s (load ${loadAvg()})`);
  t = performance.now();
  const second = await recomputeCustomerValue(db, crm.engine, { asOf });
  const secondMs = performance.now() - t;
  log(`second recompute: ${JSON.stringify(second)} in ${(secondMs / 1000).toFixed(1)} s (load ${loadAvg()})`);

  const perK = (ms: number) => (ms / n) * 1000;
  console.log(`\n### Customer value recompute (${kind}, ${n.toLocaleString('en')} customers, ${Number(counts.orders).toLocaleString('en')} orders, ${Number(counts.payments).toLocaleString('en')} payments; 10 % in USD)\n`);
  console.log(`Seeded in ${seedS.toFixed(0)} s. Load (uptime) at the end: ${loadAvg()}.\n`);
  console.log('| measure | time | per 1,000 customers | 1M extrapolated (linear) |\n|---|---|---|---|');
  console.log(`| aggregate read (readHistory + install rhythm), converted to CNY | ${(readMs / 1000).toFixed(1)} s | ${perK(readMs).toFixed(0)} ms | ${((perK(readMs) * 1000) / 1000).toFixed(0)} s |`);
  console.log(`| first recompute, ${first.changed.toLocaleString('en')} customers written (audited bulk update) | ${(firstMs / 1000).toFixed(1)} s | ${perK(firstMs).toFixed(0)} ms | ${((perK(firstMs) * 1000) / 1000 / 60).toFixed(1)} min |`);
  console.log(`| second recompute, ${second.changed} changed (read + compare only) | ${(secondMs / 1000).toFixed(1)} s | ${perK(secondMs).toFixed(0)} ms | ${((perK(secondMs) * 1000) / 1000).toFixed(0)} s |`);
} finally {
  await cleanup();
}
