import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../../db/types.js';
import { SYSTEM_CONTEXT } from '../../../engine/permissions/access.js';
import type { ActionContext, AutomationService } from '../../automation/index.js';
import { segmentCondition, type Segment } from '../../marketing/segments/segment-service.js';

const COUPON_TARGETS = ['customers', 'contacts'] as const;
const DAY = 86_400_000;
/** Most coupons one run issues for a segment (all in the run's transaction). */
export const MAX_SEGMENT_COUPONS = 5000;
const CHUNK = 500;

const schema = z
  .object({
    kind: z.enum(['amount', 'percent']).default('amount'),
    amount: z.number().positive().max(1e9).optional(),
    percent: z.number().positive().max(100).optional(),
    validDays: z.number().int().min(1).max(3650).default(30),
    campaignId: z.uuid().optional(),
    /** Issue to every member of this customers or contacts segment instead of the rule's record. */
    segmentId: z.uuid().optional(),
    description: z.string().max(500).optional(),
  })
  .strict()
  .refine((c) => (c.kind === 'amount' ? c.amount !== undefined : c.percent !== undefined), { message: 'give the amount (kind amount) or the percentage (kind percent)', path: ['amount'] });
type Config = z.infer<typeof schema>;

interface Target {
  id: string;
  owner_id: string | null;
  customer_id: string | null;
}

/** The coupon's values for one target: issued to it (a customer, or a contact and its customer), owned by its owner. */
function couponValues(ctx: ActionContext<Config>, object: string, target: Target) {
  const { config } = ctx;
  const until = new Date(ctx.now.getTime() + config.validDays * DAY).toISOString().slice(0, 10);
  return {
    kind: config.kind,
    ...(config.kind === 'amount' ? { amount: { amount: config.amount } } : { percent: config.percent }),
    valid_from: ctx.now.toISOString().slice(0, 10),
    valid_until: until,
    owner_id: target.owner_id,
    ...(object === 'customers' ? { customer_id: target.id } : { contact_id: target.id, customer_id: target.customer_id }),
    ...(config.campaignId ? { campaign_id: config.campaignId } : {}),
    ...(config.description ? { description: config.description } : {}),
  };
}

const segmentObject = async (db: Kysely<Database>, id: string) =>
  (await sql<{ object: string }>`SELECT object FROM segments WHERE id = ${id} AND deleted_at IS NULL`.execute(db)).rows[0]?.object ?? null;

/**
 * Issues one coupon per target in the run's transaction and writes each code on its target's
 * latest_coupon_code (for {{coupon_code}} in a following e-mail). Targets this run (its
 * idempotency key) already served are skipped, so a retried or repeated run issues nobody twice.
 */
async function issue(ctx: ActionContext<Config>, object: string, targets: Target[]) {
  const { engine, trx } = ctx;
  const served = new Set(
    (await sql<{ record_id: string }>`SELECT record_id FROM marketing_coupon_issues WHERE issue_key = ${ctx.idempotencyKey} AND record_id = ANY(${sql.val(targets.map((t) => t.id))}::uuid[])`.execute(trx)).rows.map((r) => r.record_id),
  );
  const unserved = targets.filter((t) => !served.has(t.id));
  const codes: { id: string; code: string }[] = [];
  for (let i = 0; i < unserved.length; i += CHUNK) {
    const chunk = unserved.slice(i, i + CHUNK);
    const created = await engine.records.bulkCreate('coupons', chunk.map((t) => couponValues(ctx, object, t)), SYSTEM_CONTEXT, 'rows', { trx, cause: ctx.cause });
    const rows = chunk.map((t, j) => ({ issue_key: ctx.idempotencyKey, record_id: t.id, coupon_id: created[j].id as string }));
    await sql`INSERT INTO marketing_coupon_issues (issue_key, record_id, coupon_id)
      SELECT issue_key, record_id, coupon_id FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(issue_key text, record_id uuid, coupon_id uuid)`.execute(trx);
    await engine.records.bulk.update(trx, engine.metadata.get(object), chunk.map((t, j) => ({ id: t.id, values: { latest_coupon_code: created[j].code } })), SYSTEM_CONTEXT, { cause: ctx.cause });
    codes.push(...chunk.map((t, j) => ({ id: created[j].id as string, code: created[j].code as string })));
  }
  return { codes, skipped: served.size };
}

/** The live members of a customers or contacts segment, read as the system (a rule serves everyone in it). */
async function segmentTargets(ctx: ActionContext<Config>, segmentId: string) {
  // Read in the run's transaction (on PGlite the pool's one connection is that transaction's).
  const { rows: found } = await sql<Segment>`SELECT id, kind, object, filter FROM segments WHERE id = ${segmentId} AND deleted_at IS NULL`.execute(ctx.trx);
  const segment = found[0];
  if (!segment || !(COUPON_TARGETS as readonly string[]).includes(segment.object)) throw new Error(`segment ${segmentId} is gone or does not select customers or contacts`);
  const object = segment.object;
  const member = segmentCondition(ctx.engine, segment, SYSTEM_CONTEXT);
  const customer = object === 'contacts' ? sql`t.customer_id` : sql`NULL::uuid`;
  const { rows } = await sql<Target>`
    SELECT t.id, t.owner_id, ${customer} AS customer_id FROM ${sql.table(object)} t
    WHERE t.deleted_at IS NULL AND ${member} ORDER BY t.id LIMIT ${MAX_SEGMENT_COUPONS + 1}`.execute(ctx.trx);
  if (rows.length > MAX_SEGMENT_COUPONS) throw new Error(`the segment has more than ${MAX_SEGMENT_COUPONS} members; use a narrower segment`);
  return { object, rows };
}

/**
 * Automation action "issue a coupon" (发放优惠券): for the rule's customer or contact, or with
 * segmentId for every member of a customers or contacts segment (unique codes, one per member),
 * in the run's transaction (exactly once). Each code is written on the target's
 * latest_coupon_code, so a following e-mail can say {{coupon_code}}.
 */
export function registerIssueCoupon(automation: AutomationService) {
  automation.registry.registerAction<Config>('issue_coupon', {
    schema,
    async check(config, { meta, db }) {
      const problems = [];
      if (config.segmentId) {
        const object = await segmentObject(db, config.segmentId);
        if (!object) problems.push({ path: 'segmentId', message: 'no such segment' });
        else if (!(COUPON_TARGETS as readonly string[]).includes(object)) problems.push({ path: 'segmentId', message: 'coupons are issued to a segment of customers or contacts' });
      } else if (!meta || !(COUPON_TARGETS as readonly string[]).includes(meta.name)) {
        problems.push({ path: 'type', message: 'coupons are issued to customers or contacts (the rule’s object, or a segment)' });
      }
      if (config.campaignId && !(await sql`SELECT 1 FROM campaigns WHERE id = ${config.campaignId} AND deleted_at IS NULL`.execute(db)).rows.length) {
        problems.push({ path: 'campaignId', message: 'no such campaign' });
      }
      return problems;
    },
    describe(ctx) {
      const c = ctx.config;
      const value = c.kind === 'amount' ? `${c.amount} off` : `${c.percent}% off`;
      const to = c.segmentId ? `every member of segment ${c.segmentId}` : `${ctx.object} ${ctx.record?.id ?? ''}`.trim();
      return `issue a coupon (${value}, valid ${c.validDays} days) to ${to}`;
    },
    async run(ctx) {
      if (ctx.config.segmentId) {
        const { object, rows } = await segmentTargets(ctx, ctx.config.segmentId);
        const { codes, skipped } = await issue(ctx, object, rows);
        return { issued: codes.length, skipped, segmentId: ctx.config.segmentId };
      }
      if (!ctx.record) return { note: 'the record no longer exists' };
      const record = ctx.record;
      const { codes } = await issue(ctx, ctx.object!, [{ id: record.id as string, owner_id: (record.owner_id as string | null) ?? null, customer_id: (record.customer_id as string | null) ?? null }]);
      return codes[0] ? { created: { object: 'coupons', id: codes[0].id, code: codes[0].code } } : { note: 'already issued by this run' };
    },
  });
}
