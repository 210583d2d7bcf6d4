import { describe, expect, it } from 'vitest';
import { sameValue } from '../src/engine/fields/types';

/** What the record form sends on save: only fields whose value really changed. */
describe('sameValue', () => {
  it('treats every blank as the same, so an untouched empty tag list is not sent', () => {
    expect(sameValue(null, [])).toBe(true);
    expect(sameValue(undefined, '')).toBe(true);
    expect(sameValue('', null)).toBe(true);
  });
  it('still sees real changes', () => {
    expect(sameValue(null, ['VIP'])).toBe(false);
    expect(sameValue(['VIP'], ['VIP', '重点'])).toBe(false);
    expect(sameValue(0, null)).toBe(false);
    expect(sameValue({ amount: 1, currency: 'CNY' }, { amount: 1, currency: 'CNY' })).toBe(true);
  });
});
