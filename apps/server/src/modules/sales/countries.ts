import type { SelectOption } from '@crm/schema';
import { getCountries } from 'libphonenumber-js';

/**
 * Countries as select options: the ISO 3166 alpha-2 code is stored, the zh/en names come from the
 * runtime's ICU data, so an imported 'United States', '美国' or 'US' all land on US. China first.
 */
export function countryOptions(): SelectOption[] {
  const zh = new Intl.DisplayNames(['zh-CN'], { type: 'region' });
  const en = new Intl.DisplayNames(['en'], { type: 'region' });
  const codes = getCountries().filter((c) => c !== 'CN' && /^[A-Z]{2}$/.test(c));
  const all = ['CN', ...codes.sort((a, b) => (en.of(a) ?? a).localeCompare(en.of(b) ?? b))];
  return all.map((code) => ({ value: code, label: { zh: zh.of(code) ?? code, en: en.of(code) ?? code } }));
}
