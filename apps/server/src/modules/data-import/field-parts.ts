import type { FieldDefinition, Label, ObjectMetadata, RegionValue } from '@crm/schema';
import { normaliseRegionValue } from '../../engine/regions/divisions.js';
import { currencyCode } from './cell-formats.js';
import { CellError } from './convert-cell.js';

/**
 * Columns that feed one part of a field, mapped as '<field>.<part>': an amount's currency column
 * ('amount.currency'), an address split over province / city / district columns
 * ('region.province' …) as exports from other CRMs have them (BillingState, BillingCity).
 */
const PARTS: Partial<Record<FieldDefinition['type'], { part: string; label: Label }[]>> = {
  currency: [{ part: 'currency', label: { zh: '币种', en: 'currency' } }],
  region: [
    { part: 'province', label: { zh: '省份', en: 'province / state' } },
    { part: 'city', label: { zh: '城市', en: 'city' } },
    { part: 'district', label: { zh: '区县', en: 'district' } },
  ],
};

/** The part columns an object offers, as text fields named '<field>.<part>' (the mapping step lists them with the fields). */
export function partFields(meta: ObjectMetadata): FieldDefinition[] {
  return meta.fields
    .filter((f) => !f.system && !f.archived)
    .flatMap((f) =>
      (PARTS[f.type] ?? []).map(({ part, label }) => ({
        ...f,
        name: `${f.name}.${part}`,
        type: 'text' as const,
        label: { zh: `${f.label.zh}-${label.zh}`, en: `${f.label.en} (${label.en})` },
        required: false,
        unique: false,
        options: undefined,
        defaultValue: undefined,
      })),
    );
}

/** The field a mapping key writes: 'region.city' → region. */
export const baseField = (name: string) => name.split('.')[0];

export const isPart = (name: string) => name.includes('.');

/**
 * Merges a row's part cells into its values: a currency column sets the currency of the converted
 * amount, region parts become one region value (normalised like any region write). Throws a
 * CellError naming the part for a currency it does not know.
 */
export function applyParts(values: Record<string, unknown>, parts: Map<string, Record<string, string>>, part: (name: string) => void) {
  for (const [field, cells] of parts) {
    if ('currency' in cells) {
      part(`${field}.currency`);
      const code = currencyCode(cells.currency);
      if (!code) throw new CellError({ key: 'not_currency', text: cells.currency });
      const amount = values[field] as { amount: number; currency: string } | undefined;
      if (amount && typeof amount === 'object') amount.currency = code;
      continue;
    }
    const { province, city, district } = cells;
    if (!province && !city && !district) continue;
    // Without a province column the city names the place (杭州 → 浙江省 杭州市).
    const value: RegionValue | string = province ? { province, ...(city && { city }), ...(district && { district }) } : `${city ?? ''}${district ?? ''}`;
    values[field] = normaliseRegionValue(value).value;
  }
}
