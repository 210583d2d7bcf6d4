import type { RolePermissions } from '@crm/schema';

/** Whether a role manages Settings › 客服 (the server's requireManage: admin, or update scope 'all' on support groups). */
export function managesService(p: RolePermissions | undefined): boolean {
  if (!p) return false;
  return p.admin || (p.objects.support_groups ?? p.objects['*'])?.update === 'all';
}
