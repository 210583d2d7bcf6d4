import { sql, type Kysely } from 'kysely';
import { buildAccessContext, forgetAccessContexts } from '../../../accounts/access-context.js';
import { auditAccountChange, teamSnapshot, userSnapshot } from '../../../accounts/account-audit.js';
import { sendInvitation } from '../../../accounts/invitation.js';
import type { Database } from '../../../db/types.js';
import type { AccessContext } from '../../../engine/index.js';
import { ApiError, badRequest } from '../../../http/errors.js';
import { optionsOf, type ImportRow } from '../import-store.js';
import { isRejected, prepareRow, rowContext, type PreparedRow, type RejectedRow } from '../prepare-row.js';
import { isBlankCell } from '../read-rows.js';
import { dataRows, finish, insertRejects, type ImportDeps } from '../run-import.js';
import { usersImportObject } from './users-object.js';

/** A company's staff: one transaction writes them all (and a file this long is no staff list). */
const MAX_USERS = 5000;
const DEFAULT_ROLE = 'sales_rep';

interface Directory {
  /** Role id by lower-case key, Chinese and English name. */
  roles: Map<string, string>;
  /** Team id by lower-case name. */
  teams: Map<string, { id: string; lead: string | null }>;
  /** User id by lower-case e-mail. */
  users: Map<string, string>;
}

const TEXTS = {
  'zh-CN': { role: '角色：没有名为“{v}”的角色', manager: '上级：没有邮箱为“{v}”的用户，文件中也没有', duplicate: '邮箱：与第 {v} 行重复', tooMany: '一次最多导入 {v} 个用户' },
  en: { role: "role: no role '{v}'", manager: "manager: no user with e-mail '{v}', in the CRM or the file", duplicate: 'email: same as row {v}', tooMany: 'at most {v} users per import' },
};
const say = (ctx: AccessContext, key: keyof (typeof TEXTS)['en'], v: unknown) => TEXTS[ctx.locale === 'en' ? 'en' : 'zh-CN'][key].replace('{v}', String(v));

/** What the run does with each row of a users file. */
interface Plan {
  rejects: RejectedRow[];
  creates: { row: PreparedRow; roleId: string }[];
  skipped: number;
}

/**
 * object=users: the rows are validated like any import's (the shared record schema on
 * usersImportObject), then each new user is created with no password and an invitation e-mail
 * to choose one; a team named in the file that does not exist is created; a manager leads the
 * user's team when it has no lead yet. A user whose e-mail exists already is skipped.
 * Administrators only; audited as the admin routes audit users and teams.
 */
export async function importUsers(deps: ImportDeps, imp: ImportRow) {
  const user = await deps.db.selectFrom('users').select(['id', 'email', 'name', 'locale', 'role_id', 'team_id']).where('id', '=', imp.created_by).executeTakeFirstOrThrow();
  const ctx = await buildAccessContext(deps.db, user);
  if (!ctx.permissions.admin) throw new ApiError('forbidden', 'only administrators may import users');
  const rc = rowContext({ meta: usersImportObject, mapping: imp.mapping, ctx, records: deps.engine.records, users: { byKey: new Map(), how: new Map(), ambiguous: new Map() } }, optionsOf(imp), { currency: 'CNY', phoneRegion: 'CN' });
  const rows: (PreparedRow | RejectedRow)[] = [];
  let total = 0;
  for await (const { index, cells } of dataRows(deps, imp)) {
    total = index;
    if (!cells.every(isBlankCell)) rows.push(prepareRow(rc, index, cells));
    if (rows.length > MAX_USERS) throw badRequest(say(ctx, 'tooMany', MAX_USERS));
  }
  const plan = planRows(rows, await loadDirectory(deps.db), ctx, imp.header_rows);
  if (!imp.validated) {
    await deps.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('import_rejects').where('import_id', '=', imp.id).execute();
      const rejected = await insertRejects(trx, imp.id, plan.rejects);
      await trx.updateTable('imports').set({ validated: true, validated_rows: total, total_rows: total, rejected_count: rejected, updated_at: new Date() }).where('id', '=', imp.id).execute();
    });
    if (imp.status === 'validating') return finish(deps, imp.id, { status: 'validated' });
  }
  await deps.db.transaction().execute(async (trx) => {
    const lease = await trx.selectFrom('imports').select('id').where('id', '=', imp.id).where('worker', '=', deps.workerId).forUpdate().executeTakeFirst();
    if (!lease) return;
    // Read again under the lock: a user added meanwhile is skipped, not created twice.
    const directory = await loadDirectory(trx);
    const { creates, skipped } = planRows(rows, directory, ctx, imp.header_rows);
    const created = await writeUsers(trx, creates, directory, ctx, user.name);
    await sql`UPDATE imports SET checkpoint = ${total}, created_count = ${created}, skipped_count = ${skipped}, heartbeat_at = now(), updated_at = now() WHERE id = ${imp.id}`.execute(trx);
  });
  forgetAccessContexts();
  await finish(deps, imp.id, { status: 'done', finished_at: new Date() });
}

async function loadDirectory(db: Kysely<Database>): Promise<Directory> {
  const roles = new Map<string, string>();
  for (const r of await db.selectFrom('roles').select(['id', 'key', 'name_zh', 'name_en']).execute()) {
    for (const name of [r.key, r.name_zh, r.name_en]) if (!roles.has(name.toLowerCase())) roles.set(name.toLowerCase(), r.id);
  }
  const teams = new Map((await db.selectFrom('teams').select(['id', 'name', 'lead_user_id']).execute()).map((t) => [t.name.trim().toLowerCase(), { id: t.id, lead: t.lead_user_id }]));
  const users = new Map((await db.selectFrom('users').select(['id', 'email']).execute()).map((u) => [u.email.toLowerCase(), u.id]));
  return { roles, teams, users };
}

/** `headerRows`: rows above the data, so a duplicate names the row as the spreadsheet shows it. */
function planRows(rows: (PreparedRow | RejectedRow)[], directory: Directory, ctx: AccessContext, headerRows: number): Plan {
  const plan: Plan = { rejects: rows.filter(isRejected), creates: [], skipped: 0 };
  const prepared = rows.filter((r): r is PreparedRow => !isRejected(r));
  const inFile = new Map<string, number>();
  for (const row of prepared) if (!inFile.has(row.values.email as string)) inFile.set(row.values.email as string, row.index);
  for (const row of prepared) {
    const email = row.values.email as string;
    const reasons: string[] = [];
    if (inFile.get(email) !== row.index) reasons.push(say(ctx, 'duplicate', inFile.get(email)! + headerRows));
    const role = ((row.values.role as string | undefined) ?? DEFAULT_ROLE).toLowerCase();
    const roleId = directory.roles.get(role);
    if (!roleId) reasons.push(say(ctx, 'role', row.values.role));
    const manager = row.values.manager as string | undefined;
    if (manager && !directory.users.has(manager) && !inFile.has(manager)) reasons.push(say(ctx, 'manager', manager));
    if (reasons.length) plan.rejects.push({ index: row.index, cells: row.cells, reason: reasons.join(ctx.locale === 'en' ? '; ' : '；') });
    else if (directory.users.has(email)) plan.skipped++;
    else plan.creates.push({ row, roleId: roleId! });
  }
  return plan;
}

/** Creates the teams, then the users (no password, an invitation each), then the managers as team leads. */
async function writeUsers(trx: Kysely<Database>, creates: Plan['creates'], directory: Directory, ctx: AccessContext, inviter: string): Promise<number> {
  const teamOf = async (name: string | undefined) => {
    if (!name) return null;
    const key = name.trim().toLowerCase();
    let team = directory.teams.get(key);
    if (!team) {
      const made = await trx.insertInto('teams').values({ name: name.trim(), parent_id: null, lead_user_id: null }).returning('id').executeTakeFirstOrThrow();
      await auditAccountChange(trx, 'teams', ctx.userId, made.id, null, await teamSnapshot(trx, made.id));
      directory.teams.set(key, (team = { id: made.id, lead: null }));
    }
    return team;
  };
  const leads: { team: { id: string; lead: string | null }; manager: string }[] = [];
  for (const { row, roleId } of creates) {
    const v = row.values as { name: string; email: string; team?: string; manager?: string; locale?: 'zh-CN' | 'en' };
    const team = await teamOf(v.team);
    // An empty hash: no password until the invitation's link is used (the login treats it as none).
    const made = await trx
      .insertInto('users')
      .values({ email: v.email, name: v.name, password_hash: '', role_id: roleId, team_id: team?.id ?? null, locale: v.locale ?? 'zh-CN', active: true })
      .returning('id')
      .executeTakeFirstOrThrow();
    directory.users.set(v.email, made.id);
    await auditAccountChange(trx, 'users', ctx.userId, made.id, null, await userSnapshot(trx, made.id));
    await sendInvitation(trx, made.id, inviter);
    if (team && v.manager) leads.push({ team, manager: v.manager });
  }
  for (const { team, manager } of leads) {
    const managerId = directory.users.get(manager);
    if (team.lead || !managerId) continue;
    const before = await teamSnapshot(trx, team.id);
    await trx.updateTable('teams').set({ lead_user_id: managerId }).where('id', '=', team.id).execute();
    team.lead = managerId;
    await auditAccountChange(trx, 'teams', ctx.userId, team.id, before, await teamSnapshot(trx, team.id));
  }
  return creates.length;
}
