import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../db/types.js';

/**
 * The company defaults others read when they take in or sum values: the company currency, per other
 * currency what one unit of it is worth in the company currency, and the default phone region.
 */
export interface CompanyDefaults {
  currency: string;
  rates: Map<string, number>;
  /** Country (ISO alpha-2) phone numbers without +code are read in when nothing else says (same settings page). */
  phoneRegion: string;
}

export async function readCompanyDefaults(db: Kysely<Database>): Promise<CompanyDefaults> {
  const { rows } = await sql<{ currency: string | null; phone_region: string | null; rates: { currency: string; rate: string }[] | null }>`
    SELECT (SELECT trim(currency) FROM company_settings WHERE id = 1) AS currency,
           (SELECT phone_region FROM company_settings WHERE id = 1) AS phone_region,
           (SELECT json_agg(json_build_object('currency', trim(currency), 'rate', rate) ORDER BY currency) FROM currency_rates) AS rates`.execute(db);
  const row = rows[0];
  return { currency: row?.currency ?? 'CNY', phoneRegion: row?.phone_region ?? 'CN', rates: new Map((row?.rates ?? []).map((r) => [r.currency, Number(r.rate)])) };
}

/**
 * SQL for an amount column in the company currency: amount × the rate of its currency column.
 * The rates are inlined as a CASE of constants and only other currencies are multiplied, so a sum
 * over a million rows costs what the bare sum does (a join to the rates is ~20 % slower, a lookup
 * per row 15×; docs/performance.md). A currency without a rate counts 1:1; the settings page lists them.
 */
export function inCompanyCurrency(amount: RawBuilder<unknown>, currencyColumn: RawBuilder<unknown>, money: CompanyDefaults): RawBuilder<number> {
  if (!money.rates.size) return sql<number>`${amount}`;
  const cases = [...money.rates].map(([code, rate]) => sql`WHEN ${code} THEN ${amount} * ${rate}::numeric`);
  return sql<number>`(CASE ${currencyColumn} ${sql.join(cases, sql` `)} ELSE ${amount} END)`;
}

/** The same conversion for an amount already read (targets, one record's money). */
export function toCompanyCurrency(amount: number, currency: string | null | undefined, money: CompanyDefaults): number {
  const rate = currency ? money.rates.get(currency.trim()) : undefined;
  return Math.round(amount * (rate ?? 1) * 100) / 100;
}
