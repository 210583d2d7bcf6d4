import type { FieldDefinition, ObjectMetadata, Scope } from '@crm/schema';
import { useQuery } from '@tanstack/react-query';
import { get } from './client';

/** A field as the API returns it for this user (readonly = system or made read-only by the role). */
export type Field = FieldDefinition & { readonly: boolean };

export interface ObjectMeta extends Omit<ObjectMetadata, 'fields'> {
  fields: Field[];
  access: { read: Scope; create: Scope; update: Scope; delete: Scope; export: Scope };
}

export const metaKey = ['meta', 'objects'] as const;

export function useObjects() {
  return useQuery({
    queryKey: metaKey,
    queryFn: async () => (await get<{ data: ObjectMeta[] }>('/api/v1/meta/objects')).data,
    staleTime: 30_000,
  });
}

/** Metadata of one object (undefined while loading or when the user may not see it). */
export function useObjectMeta(name: string | undefined): ObjectMeta | undefined {
  const { data } = useObjects();
  return data?.find((o) => o.name === name);
}

/** Live, sorted fields in display order. */
export function liveFields(meta: ObjectMeta): Field[] {
  return meta.fields.filter((f) => !f.archived).sort((a, b) => a.position - b.position);
}

/** Fields a user may type into (system and role-readonly fields excluded). */
export function editableFields(meta: ObjectMeta): Field[] {
  return liveFields(meta).filter((f) => !f.system && !f.readonly);
}

export function fieldOf(meta: ObjectMeta, name: string): Field | undefined {
  return meta.fields.find((f) => f.name === name);
}
