import { currencyCode, type SalesTarget } from '@crm/schema';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/types.js';
import type { AccessContext } from '../../engine/index.js';
import { scopeFor } from '../../engine/permissions/access.js';
import { readCompanyDefaults } from '../../engine/money/company-currency.js';
import { auditConfigChange } from '../../engine/audit/audit.js';
import { badRequest, notFound, parseInput } from '../../http/errors.js';
import { targetSnapshot } from './pipeline-audit.js';

export const monthParam = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month: YYYY-MM');

export const targetInput = z
  .object({
    month: monthParam,
    userId: z.uuid().nullish(),
    teamId: z.uuid().nullish(),
    amount: z.number().min(0).max(1e15),
    /** Default: the company currency, which the forecast and dashboard show targets in. */
    currency: currencyCode.optional(),
  })
  .strict()
  .refine((t) => Boolean(t.userId) !== Boolean(t.teamId), { message: 'give either userId (a rep) or teamId (a team)', path: ['userId'] });

const firstDay = (month: string) => `${month}-01`;
export const nextMonth = (month: string) => {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
};

/**
 * Whose targets a user sees: everyone's with read-all on deals, else their own and their team's
 * (the same people whose deals they can read).
 */
export function visibleTargetOwners(access: AccessContext): { userIds: string[]; all: boolean } {
  const scope = scopeFor(access, 'deals', 'read');
  if (scope === 'all' || access.permissions.admin) return { userIds: [], all: true };
  if (scope === 'team') return { userIds: access.teamUserIds, all: false };
  return { userIds: access.userId ? [access.userId] : [], all: false };
}

/** Targets for months from..to (YYYY-MM, inclusive) that the user may see. */
export async function listTargets(db: Kysely<Database>, access: AccessContext, range: { from: string; to: string }): Promise<SalesTarget[]> {
  const visible = visibleTargetOwners(access);
  let query = db
    .selectFrom('sales_targets as s')
    .select(['s.id', 's.month', 's.user_id', 's.team_id', 's.amount', 's.currency'])
    .where('s.month', '>=', firstDay(range.from))
    .where('s.month', '<', firstDay(nextMonth(range.to)))
    .orderBy('s.month');
  if (!visible.all) {
    const ids = visible.userIds.length ? visible.userIds : ['00000000-0000-0000-0000-000000000000'];
    query = query.where((eb) =>
      eb.or([eb('s.user_id', 'in', ids), eb('s.team_id', 'in', eb.selectFrom('users').select('team_id').where('id', 'in', ids).where('team_id', 'is not', null).$castTo<string>())]),
    );
  }
  const rows = await query.execute();
  return rows.map((r) => ({ id: r.id, month: String(r.month).slice(0, 7), userId: r.user_id, teamId: r.team_id, amount: Number(r.amount), currency: r.currency }));
}

/** Sets the target of a rep or team for a month (one per month and rep/team; a second call replaces it). */
export async function setTarget(db: Kysely<Database>, actorId: string | null, body: unknown): Promise<SalesTarget> {
  const input = parseInput(targetInput, body);
  if (input.userId && !(await db.selectFrom('users').select('id').where('id', '=', input.userId).executeTakeFirst())) {
    throw badRequest('no such user', [{ path: 'userId', message: 'no such user' }]);
  }
  if (input.teamId && !(await db.selectFrom('teams').select('id').where('id', '=', input.teamId).executeTakeFirst())) {
    throw badRequest('no such team', [{ path: 'teamId', message: 'no such team' }]);
  }
  const month = firstDay(input.month);
  const currency = input.currency ?? (await readCompanyDefaults(db)).currency;
  const values = { amount: input.amount, currency, updated_by: actorId, updated_at: new Date() };
  const column = input.userId ? 'user_id' : 'team_id';
  const row = await db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('sales_targets').select('id').where('month', '=', month).where(column, '=', (input.userId ?? input.teamId)!).executeTakeFirst();
    const before = existing ? await targetSnapshot(trx, existing.id) : null;
    // Upsert on the partial unique index (month, user_id | team_id): two admins saving at once both succeed.
    const saved = await trx
      .insertInto('sales_targets')
      .values({ month, user_id: input.userId ?? null, team_id: input.teamId ?? null, ...values })
      .onConflict((oc) => oc.columns(['month', column]).where(column, 'is not', null).doUpdateSet(values))
      .returningAll()
      .executeTakeFirstOrThrow();
    const after = (await targetSnapshot(trx, saved.id))!;
    await auditConfigChange(trx, 'targets', actorId, { id: saved.id, name: after.name }, before, after);
    return saved;
  });
  return { id: row.id, month: input.month, userId: row.user_id, teamId: row.team_id, amount: Number(row.amount), currency: row.currency };
}

export async function deleteTarget(db: Kysely<Database>, id: string, actorId: string | null) {
  await db.transaction().execute(async (trx) => {
    const before = await targetSnapshot(trx, id);
    const result = await trx.deleteFrom('sales_targets').where('id', '=', id).executeTakeFirst();
    if (!before || !Number(result.numDeletedRows)) throw notFound(`sales target ${id}`);
    await auditConfigChange(trx, 'targets', actorId, { id, name: before.name }, before, null);
  });
}
