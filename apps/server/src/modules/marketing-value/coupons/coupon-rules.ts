import type { Engine } from '../../../engine/index.js';
import type { HookEvent } from '../../../engine/hooks/hooks.js';
import { badRequest } from '../../../http/errors.js';
import { couponCode } from './code.js';

/**
 * Every write of a coupon: a new one gets its code and the status issued; the value must match
 * the kind (an amount, or a percentage); validity must not end before it starts. Once redeemed
 * or expired a coupon's value and validity stay as they were.
 */
export function registerCouponRules(engine: Engine) {
  const check = ({ values, previous }: HookEvent) => {
    const merged = { ...previous, ...values };
    if (previous && previous.status !== 'issued' && ['kind', 'amount', 'percent', 'valid_from', 'valid_until', 'customer_id', 'contact_id'].some((k) => values[k] !== undefined)) {
      throw badRequest(`a ${String(previous.status)} coupon cannot be changed`, [{ path: 'status', message: `is ${String(previous.status)}` }]);
    }
    if (merged.kind === 'percent' && merged.percent == null) throw badRequest('a percent coupon needs its percentage', [{ path: 'percent', message: 'is required' }]);
    if (merged.kind !== 'percent' && merged.amount == null) throw badRequest('an amount coupon needs its amount', [{ path: 'amount', message: 'is required' }]);
    if (merged.valid_from && merged.valid_until && String(merged.valid_until) < String(merged.valid_from)) {
      throw badRequest('valid_until is before valid_from', [{ path: 'valid_until', message: 'must not be before valid_from' }]);
    }
  };
  engine.hooks.on('coupons', 'beforeCreate', (event) => {
    check(event);
    event.values.code = couponCode();
    event.values.status = 'issued';
  });
  engine.hooks.on('coupons', 'beforeUpdate', check);
}
