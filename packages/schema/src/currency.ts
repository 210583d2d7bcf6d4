import { z } from 'zod';

/*
 * The company currency (本位币) and exchange rates: every sum across records (kanban totals,
 * forecast, dashboard, customer value, weekly reports) is converted into the company currency.
 */

export const currencyCode = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .pipe(z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter currency code such as CNY or USD'));

/** 1 unit of `currency` is worth `rate` units of the company currency. */
export const exchangeRateInput = z.object({
  currency: currencyCode,
  rate: z.number({ error: 'must be a number' }).positive('must be more than 0').max(1e9, 'is too large'),
});

export const currencySettingsInput = z
  .object({
    currency: currencyCode,
    rates: z.array(exchangeRateInput).max(200).default([]),
    /** Country (ISO 3166 alpha-2) phone numbers without +code are read in (imports, vCards, web forms); unchanged when omitted. */
    phoneRegion: z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, 'must be an ISO country code such as US').optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    const seen = new Set<string>();
    value.rates.forEach((r, i) => {
      if (r.currency === value.currency) ctx.addIssue({ code: 'custom', path: ['rates', i, 'currency'], message: 'is the company currency itself (its rate is always 1)' });
      else if (seen.has(r.currency)) ctx.addIssue({ code: 'custom', path: ['rates', i, 'currency'], message: `${r.currency} is listed twice` });
      seen.add(r.currency);
    });
  });

export type CurrencySettingsInput = z.infer<typeof currencySettingsInput>;
export type ExchangeRate = z.infer<typeof exchangeRateInput>;

export interface CurrencySettings {
  /** The company currency: sums are shown in it. */
  currency: string;
  rates: ExchangeRate[];
  /** Country phone numbers without +code are read in by default. */
  phoneRegion: string;
  /**
   * Currencies stored on records that have no rate: their amounts are summed 1:1 until one is set.
   * Only with `?include=unrated` (it scans every money column; the app reads the rest on every load).
   */
  unrated?: string[];
}

/** Offered first in currency pickers; any other ISO code can still be typed. */
export const COMMON_CURRENCIES = ['CNY', 'USD', 'EUR', 'HKD', 'JPY', 'GBP', 'SGD', 'KRW', 'AUD', 'CAD', 'TWD', 'MOP'];
