import type { FieldAccess, RecordAction, RolePermissions, Scope } from '@crm/schema';
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { ApiError, forbidden } from '../../http/errors.js';
import { derivationSources } from './derived-fields.js';

/** Who is asking. Built once per request by the accounts module and passed to every engine call. */
export interface AccessContext {
  /** null for the system itself (migrations, demo data, jobs). */
  userId: string | null;
  permissions: RolePermissions;
  /** The user's own team and its sub-teams' members, the user included: the 'team' scope. */
  teamUserIds: string[];
  locale: string;
}

export const SYSTEM_CONTEXT: AccessContext = {
  userId: null,
  permissions: { objects: { '*': { read: 'all', create: 'all', update: 'all', delete: 'all', export: 'all' } }, fields: {}, admin: true },
  teamUserIds: [],
  locale: 'zh-CN',
};

export function scopeFor(ctx: AccessContext, object: string, action: RecordAction): Scope {
  const perms = ctx.permissions.objects[object] ?? ctx.permissions.objects['*'];
  return perms?.[action] ?? 'none';
}

/** Throws 403 when the user has no scope at all for the action on the object. */
export function requireScope(ctx: AccessContext, object: string, action: RecordAction): Scope {
  const scope = scopeFor(ctx, object, action);
  if (scope === 'none') throw forbidden(`you may not ${action} ${object}`);
  return scope;
}

/**
 * The SQL condition that limits rows to what the user may act on. Every engine query that touches
 * records goes through here, so lists, counts, search, related lists and bulk calls all obey it.
 */
export function scopeCondition(ctx: AccessContext, object: string, action: RecordAction, alias = 't'): RawBuilder<SqlBool> {
  const scope = scopeFor(ctx, object, action);
  const owner = sql.ref(`${alias}.owner_id`);
  switch (scope) {
    case 'all':
      return sql<SqlBool>`true`;
    case 'team':
      return withReach(sql<SqlBool>`${owner} = ANY(${teamIds(ctx)}::uuid[])`, ctx, object, action, scope, alias);
    case 'own':
      return withReach(sql<SqlBool>`${owner} = ${ctx.userId}`, ctx, object, action, scope, alias);
    default:
      return sql<SqlBool>`false`;
  }
}

/** The owners the 'team' scope covers, as a SQL array value. */
export const teamIds = (ctx: AccessContext) => sql.val(ctx.teamUserIds.length ? ctx.teamUserIds : [ctx.userId]);

/**
 * More rows an own/team scope reaches on an object, beyond the records owned: a module's rule such as
 * "tickets of the customers I own" or "tickets of my support groups". Returns a condition on `alias`.
 */
export type ScopeReach = (ctx: AccessContext, scope: 'own' | 'team', alias: string) => RawBuilder<SqlBool>;
const reaches = new Map<string, Map<string, { actions: RecordAction[]; reach: ScopeReach }>>();

/** Registers (or replaces, by key: every app in a process registers the same rules) a reach on an object. */
export function registerScopeReach(object: string, key: string, actions: RecordAction[], reach: ScopeReach) {
  const forObject = reaches.get(object) ?? new Map();
  forObject.set(key, { actions, reach });
  reaches.set(object, forObject);
}

function withReach(base: RawBuilder<SqlBool>, ctx: AccessContext, object: string, action: RecordAction, scope: 'own' | 'team', alias: string): RawBuilder<SqlBool> {
  const extra = [...(reaches.get(object)?.values() ?? [])].filter((r) => r.actions.includes(action));
  if (!extra.length || !ctx.userId) return base;
  return sql<SqlBool>`(${sql.join([base, ...extra.map((r) => r.reach(ctx, scope, alias))], sql` OR `)})`;
}

/** Whether the user may put a record under this owner, for create/update scopes. */
export function mayAssignOwner(ctx: AccessContext, scope: Scope, ownerId: string | null): boolean {
  if (scope === 'all') return true;
  if (ownerId === null) return false;
  if (scope === 'own') return ownerId === ctx.userId;
  if (scope === 'team') return ownerId === ctx.userId || ctx.teamUserIds.includes(ownerId);
  return false;
}

/**
 * The user's access to a field: the role's rule, except that a field derived from a hidden field
 * (FieldDefinition.derivedFrom: line amounts of a hidden order total) is hidden with it.
 */
export function fieldAccess(ctx: AccessContext, object: string, field: string): FieldAccess | 'write' {
  const own = ctx.permissions.fields[object]?.[field];
  if (own === 'hidden') return own;
  const rules = ctx.permissions.fields;
  if (derivationSources(object, field).some(([o, f]) => rules[o]?.[f] === 'hidden')) return 'hidden';
  return own ?? 'write';
}

/** Refuses (403 naming each field) when any of these fields is hidden from the user: for figures computed from them. */
export function requireVisibleFields(ctx: AccessContext, object: string, fields: string[]) {
  const hidden = fields.filter((f) => fieldAccess(ctx, object, f) === 'hidden');
  if (hidden.length) {
    throw new ApiError('forbidden', `you may not see ${hidden.join(', ')} of ${object}`, hidden.map((path) => ({ path, message: 'field is hidden' })));
  }
}
