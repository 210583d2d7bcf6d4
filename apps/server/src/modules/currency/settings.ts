import type { CurrencySettings, CurrencySettingsInput } from '@crm/schema';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import type { MetadataRegistry } from '../../engine/metadata/registry.js';
import { recordSettingsChange, settingsChanges } from '../../engine/audit/audit.js';
import { readCompanyDefaults } from '../../engine/money/company-currency.js';

/** The company currency and rates; with `withUnrated`, also the currencies in use that still lack a rate. */
export async function readCurrencySettings(db: Kysely<Database>, metadata: MetadataRegistry, withUnrated: boolean): Promise<CurrencySettings> {
  const money = await readCompanyDefaults(db);
  const settings: CurrencySettings = { currency: money.currency, phoneRegion: money.phoneRegion, rates: [...money.rates].map(([currency, rate]) => ({ currency, rate })) };
  if (withUnrated) settings.unrated = (await currenciesInUse(db, metadata)).filter((c) => c !== money.currency && !money.rates.has(c));
  return settings;
}

/** Replaces the company currency and the whole set of rates in one transaction, with an audit entry of what changed. */
export async function saveCurrencySettings(db: Kysely<Database>, metadata: MetadataRegistry, input: CurrencySettingsInput, actorId: string | null): Promise<CurrencySettings> {
  await db.transaction().execute(async (trx) => {
    const before = await readCompanyDefaults(trx);
    const phoneRegion = input.phoneRegion ?? before.phoneRegion;
    const flat = (currency: string, region: string, rates: Iterable<[string, number]>) => ({ currency, phone_region: region, ...Object.fromEntries([...rates].map(([code, rate]) => [`rates.${code}`, rate])) });
    await recordSettingsChange(trx, 'currency', actorId, settingsChanges(flat(before.currency, before.phoneRegion, before.rates), flat(input.currency, phoneRegion, input.rates.map((r) => [r.currency, r.rate]))));
    await sql`
      INSERT INTO company_settings (id, currency, phone_region) VALUES (1, ${input.currency}, ${phoneRegion})
      ON CONFLICT (id) DO UPDATE SET currency = EXCLUDED.currency, phone_region = EXCLUDED.phone_region, updated_at = now()`.execute(trx);
    await sql`DELETE FROM currency_rates`.execute(trx);
    for (const r of input.rates) await sql`INSERT INTO currency_rates (currency, rate) VALUES (${r.currency}, ${r.rate})`.execute(trx);
  });
  return readCurrencySettings(db, metadata, true);
}

/** Every currency stored in a currency field of any object, or on a sales target. */
async function currenciesInUse(db: Kysely<Database>, metadata: MetadataRegistry): Promise<string[]> {
  const columns = metadata
    .list()
    .flatMap((object) => object.fields.filter((f) => f.type === 'currency' && !f.archived).map((f) => sql`SELECT DISTINCT ${sql.ref(`${f.name}_currency`)} AS c FROM ${sql.table(object.name)}`));
  const { rows: targets } = await sql<{ t: string | null }>`SELECT to_regclass('sales_targets')::text AS t`.execute(db);
  if (targets[0]?.t) columns.push(sql`SELECT DISTINCT currency AS c FROM sales_targets`);
  if (!columns.length) return [];
  const { rows } = await sql<{ c: string }>`SELECT DISTINCT trim(c) AS c FROM (${sql.join(columns, sql` UNION `)}) u WHERE c IS NOT NULL ORDER BY 1`.execute(db);
  return rows.map((r) => r.c);
}
