import Decimal from 'decimal.js';

/** Money is computed in decimal and rounded half-up to cents, never in binary floating point. */
const cents = (d: Decimal) => d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);

export interface LineInput {
  quantity: number;
  unit_price: number;
  discount_percent: number;
  tax_rate: number;
}

export interface LineAmounts {
  amount: number;
  discount_amount: number;
  tax_amount: number;
  line_total: number;
}

/** amount = qty × price; discount = amount × d%; tax on the discounted amount; total = amount − discount + tax. */
export function lineAmounts(line: LineInput): LineAmounts {
  const amount = cents(new Decimal(line.quantity).times(line.unit_price));
  const discount = cents(amount.times(line.discount_percent).dividedBy(100));
  const net = amount.minus(discount);
  const tax = cents(net.times(line.tax_rate).dividedBy(100));
  return { amount: amount.toNumber(), discount_amount: discount.toNumber(), tax_amount: tax.toNumber(), line_total: net.plus(tax).toNumber() };
}

/** Splits a total into n instalments of whole cents; the last one takes the remainder. */
export function splitAmount(total: number, n: number): number[] {
  const each = new Decimal(total).dividedBy(n).toDecimalPlaces(2, Decimal.ROUND_DOWN);
  const parts = Array.from({ length: n - 1 }, () => each.toNumber());
  return [...parts, new Decimal(total).minus(each.times(n - 1)).toNumber()];
}
