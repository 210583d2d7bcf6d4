import type { RolePermissions } from '@crm/schema';

const scopeOf = (p: RolePermissions, action: 'read' | 'update') => (p.objects.tracking_sites ?? p.objects['*'])?.[action];

/** The server's site-access.ts: admin, or scope 'all' on tracking_sites (read: 市场专员; update: 市场经理). */
export const readsSites = (p: RolePermissions | undefined) => !!p && (p.admin || scopeOf(p, 'read') === 'all');
export const managesSites = (p: RolePermissions | undefined) => !!p && (p.admin || scopeOf(p, 'update') === 'all');
