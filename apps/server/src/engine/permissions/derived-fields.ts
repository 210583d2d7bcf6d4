import type { ObjectDefinition } from '@crm/schema';

/**
 * Which fields follow from which (FieldDefinition.derivedFrom), as 'object.field' → sources.
 * Field rules are resolved in every engine call from the AccessContext alone, so the table lives
 * here rather than behind a registry handle; it holds the standard objects' declarations, which
 * are the same for every app in a process (custom fields cannot declare derivations).
 */
const sourcesByField = new Map<string, string[]>();

export function registerDerivations(def: ObjectDefinition) {
  for (const field of def.fields) {
    if (!field.derivedFrom?.length) continue;
    const sources = field.derivedFrom.map((s) => (s.includes('.') ? s : `${def.name}.${s}`));
    sourcesByField.set(`${def.name}.${field.name}`, sources);
  }
}

/** The fields (as [object, field]) this field is derived from, directly or through other derived fields. */
export function derivationSources(object: string, field: string): [string, string][] {
  const seen = new Set<string>();
  const walk = (key: string) => {
    for (const source of sourcesByField.get(key) ?? []) {
      if (seen.has(source)) continue;
      seen.add(source);
      walk(source);
    }
  };
  walk(`${object}.${field}`);
  return [...seen].map((s) => s.split('.', 2) as [string, string]);
}
