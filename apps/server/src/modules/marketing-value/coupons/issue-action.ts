import { sql } from 'kysely';
import { z } from 'zod';
import { SYSTEM_CONTEXT } from '../../../engine/permissions/access.js';
import type { ActionContext, AutomationService } from '../../automation/index.js';

const COUPON_TARGETS = ['customers', 'contacts'] as const;
const DAY = 86_400_000;

const schema = z
  .object({
    kind: z.enum(['amount', 'percent']).default('amount'),
    amount: z.number().positive().max(1e9).optional(),
    percent: z.number().positive().max(100).optional(),
    validDays: z.number().int().min(1).max(3650).default(30),
    campaignId: z.uuid().optional(),
    description: z.string().max(500).optional(),
  })
  .strict()
  .refine((c) => (c.kind === 'amount' ? c.amount !== undefined : c.percent !== undefined), { message: 'give the amount (kind amount) or the percentage (kind percent)', path: ['amount'] });
type Config = z.infer<typeof schema>;

/** The coupon's values for the rule's record: issued to it (a customer, or a contact and its customer), owned by its owner. */
function couponValues(ctx: ActionContext<Config>) {
  const { config, record, object } = ctx;
  const until = new Date(ctx.now.getTime() + config.validDays * DAY).toISOString().slice(0, 10);
  return {
    kind: config.kind,
    ...(config.kind === 'amount' ? { amount: { amount: config.amount } } : { percent: config.percent }),
    valid_from: ctx.now.toISOString().slice(0, 10),
    valid_until: until,
    owner_id: (record?.owner_id as string | null) ?? null,
    ...(object === 'customers' ? { customer_id: record?.id } : { contact_id: record?.id, customer_id: record?.customer_id ?? null }),
    ...(config.campaignId ? { campaign_id: config.campaignId } : {}),
    ...(config.description ? { description: config.description } : {}),
  };
}

/**
 * Automation action "issue a coupon" (发放优惠券) for the rule's customer or contact: each run makes a
 * new coupon with its own code, in the run's transaction (exactly once), and writes the code on
 * the record's latest_coupon_code so a following e-mail action can say {{latest_coupon_code}}.
 */
export function registerIssueCoupon(automation: AutomationService) {
  automation.registry.registerAction<Config>('issue_coupon', {
    schema,
    needsRecord: true,
    async check(config, { meta, db }) {
      const problems = [];
      if (!meta || !(COUPON_TARGETS as readonly string[]).includes(meta.name)) problems.push({ path: 'type', message: 'coupons are issued to customers or contacts' });
      if (config.campaignId && !(await sql`SELECT 1 FROM campaigns WHERE id = ${config.campaignId} AND deleted_at IS NULL`.execute(db)).rows.length) {
        problems.push({ path: 'campaignId', message: 'no such campaign' });
      }
      return problems;
    },
    describe(ctx) {
      const c = ctx.config;
      return `issue a coupon (${c.kind === 'amount' ? `${c.amount} off` : `${c.percent}% off`}, valid ${c.validDays} days) to ${ctx.object} ${ctx.record?.id ?? ''}`.trim();
    },
    async run(ctx) {
      const created = await ctx.engine.records.create('coupons', couponValues(ctx), SYSTEM_CONTEXT, { trx: ctx.trx, cause: ctx.cause });
      await ctx.engine.records.bulk.update(ctx.trx, ctx.engine.metadata.get(ctx.object!), [{ id: ctx.record!.id as string, values: { latest_coupon_code: created.code } }], SYSTEM_CONTEXT, { cause: ctx.cause });
      return { created: { object: 'coupons', id: created.id, code: created.code } };
    },
  });
}
