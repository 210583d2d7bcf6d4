import { z } from 'zod';

export const RECORD_ACTIONS = ['read', 'create', 'update', 'delete', 'export'] as const;
export type RecordAction = (typeof RECORD_ACTIONS)[number];

/** none < own < team (own team and its sub-teams) < all */
export const SCOPES = ['none', 'own', 'team', 'all'] as const;
export type Scope = (typeof SCOPES)[number];

export const objectPermissionSchema = z.object({
  read: z.enum(SCOPES).default('none'),
  create: z.enum(SCOPES).default('none'),
  update: z.enum(SCOPES).default('none'),
  delete: z.enum(SCOPES).default('none'),
  export: z.enum(SCOPES).default('none'),
});
export type ObjectPermission = z.infer<typeof objectPermissionSchema>;

/** hidden: never returned; readonly: returned but not writable. */
export const fieldAccessSchema = z.enum(['hidden', 'readonly']);
export type FieldAccess = z.infer<typeof fieldAccessSchema>;

export const rolePermissionsSchema = z.object({
  /** Per object; '*' applies to objects not listed. */
  objects: z.record(z.string(), objectPermissionSchema).default({}),
  /** Per object, per field. */
  fields: z.record(z.string(), z.record(z.string(), fieldAccessSchema)).default({}),
  /** May manage users, teams, roles and custom fields. */
  admin: z.boolean().default(false),
});
export type RolePermissions = z.infer<typeof rolePermissionsSchema>;
