/** How an import reads cells whose format depends on where the file comes from. */
export interface CellFormats {
  /** Country (ISO 3166 alpha-2) whose national format phone numbers without +code are in. */
  phoneRegion: string;
  /** Currency (ISO 4217) of an amount that names none. */
  currency: string;
}

export const DEFAULT_FORMATS: CellFormats = { phoneRegion: 'CN', currency: 'CNY' };

/** Currency marks as spreadsheets write them, longest first (HK$ before $). */
const MARKS: [RegExp, string][] = [
  [/HK\$|HKD/i, 'HKD'],
  [/US\$|USD/i, 'USD'],
  [/€|EUR/i, 'EUR'],
  [/£|GBP/i, 'GBP'],
  [/JP¥|JPY|円/i, 'JPY'],
  [/¥|￥|元|CNY|RMB/i, 'CNY'],
  [/\$/, 'USD'],
];

/** The currency an amount cell names ('$1,200' → USD, '¥300' → CNY), or null for a bare number. */
export function currencyOf(text: string): string | null {
  for (const [mark, code] of MARKS) if (mark.test(text)) return code;
  return null;
}

/** A currency column's cell as an ISO code ('美元', '$' and 'usd' → USD); null if it names none. */
export function currencyCode(text: string): string | null {
  const t = text.trim();
  if (/^[A-Za-z]{3}$/.test(t)) return t.toUpperCase();
  return NAMES[t] ?? currencyOf(t);
}

const NAMES: Record<string, string> = { 人民币: 'CNY', 美元: 'USD', 欧元: 'EUR', 英镑: 'GBP', 日元: 'JPY', 港币: 'HKD', 港元: 'HKD' };

/** An amount cell without its currency marks and thousands separators. */
export const stripMoney = (text: string) => text.replace(/[,，\s¥￥$€£円%]|元|CNY|RMB|USD|EUR|GBP|JPY|HKD|HK|US|JP/gi, '');
