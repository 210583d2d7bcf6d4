import Decimal from 'decimal.js';

const DIGITS = '零壹贰叁肆伍陆柒捌玖';
const PLACES = ['', '拾', '佰', '仟'];
const SECTIONS = ['', '万', '亿', '万亿'];

/** One group of four digits (1–9999), e.g. 1010 → 壹仟零壹拾. */
function section(group: number): string {
  let out = '';
  let zero = false;
  for (let place = 3; place >= 0; place--) {
    const digit = Math.floor(group / 10 ** place) % 10;
    if (digit === 0) {
      if (out) zero = true;
      continue;
    }
    if (zero) out += '零';
    zero = false;
    out += DIGITS[digit] + PLACES[place];
  }
  return out;
}

/** Whole yuan in capital numerals: 100010 → 壹拾万零壹拾. */
function integerPart(value: bigint): string {
  const groups: number[] = [];
  for (let rest = value; rest > 0n; rest /= 10000n) groups.push(Number(rest % 10000n));
  let out = '';
  let gap = false;
  for (let i = groups.length - 1; i >= 0; i--) {
    const group = groups[i];
    if (group === 0) {
      if (out) gap = true;
      continue;
    }
    // A zero group between, or a group not filling its four places after a higher one, reads 零.
    if (out && (gap || group < 1000)) out += '零';
    out += section(group) + SECTIONS[i];
    gap = false;
  }
  return out;
}

/**
 * An amount in 人民币大写 as Chinese invoices and contracts write it (中国人民银行《支付结算办法》):
 * 0 → 零元整, 10.05 → 壹拾元零伍分, 1,000,000 → 壹佰万元整, 100,010.10 → 壹拾万零壹拾元壹角整.
 * Rounded to the fen; up to 9,999 万亿.
 */
export function rmbUppercase(amount: number | string): string {
  const cents = new Decimal(amount).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).times(100);
  if (cents.abs().greaterThanOrEqualTo(new Decimal('1e18'))) throw new RangeError(`amount too large for 大写: ${amount}`);
  const negative = cents.isNegative() && !cents.isZero();
  const all = BigInt(cents.abs().toFixed(0));
  const yuan = all / 100n;
  const jiao = Number((all / 10n) % 10n);
  const fen = Number(all % 10n);
  let out = yuan > 0n ? `${integerPart(yuan)}元` : '';
  if (jiao === 0 && fen === 0) return `${negative ? '负' : ''}${out || '零元'}整`;
  if (jiao > 0) out += `${DIGITS[jiao]}角`;
  else if (yuan > 0n) out += '零';
  out += fen > 0 ? `${DIGITS[fen]}分` : '整';
  return `${negative ? '负' : ''}${out}`;
}
