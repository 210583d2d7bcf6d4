/** Statuses that tier A (重要客户) replaces: a prospect, a buyer, a dormant or lost customer buying again. */
const BECOMES_VIP = ['prospect', 'active', 'dormant', 'lost'];

/**
 * The status a tier change moves the customer to, or null: entering tier A makes the customer
 * 重要客户 (vip); leaving tier A makes a vip a plain 成交客户 (active). Only a change of tier moves
 * the status, so a vip an administrator picked by hand while the tier stayed B stays vip.
 */
export function statusForTier(previousTier: string | null, tier: string | null, status: string | null): string | null {
  if (previousTier === tier) return null;
  if (tier === 'A') return status !== 'vip' && (status === null || BECOMES_VIP.includes(status)) ? 'vip' : null;
  if (previousTier === 'A' && status === 'vip') return 'active';
  return null;
}
