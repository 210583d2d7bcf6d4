import {
  objectDefinitionSchema,
  type FieldDefinition,
  type ObjectDefinition,
  type ObjectDefinitionInput,
  type ObjectMetadata,
  type RelatedList,
} from '@crm/schema';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { notFound } from '../../http/errors.js';
import { registerDerivations } from '../permissions/derived-fields.js';
import { SYSTEM_FIELDS } from './system-fields.js';

const RELOAD_CHECK_MS = 2000;

/**
 * The objects the engine serves: standard definitions registered by modules at start-up,
 * merged with custom fields and admin overrides stored in meta_fields. Cached per process and
 * reloaded when another instance changes metadata.
 */
export class MetadataRegistry {
  private standard = new Map<string, ObjectDefinition>();
  private merged = new Map<string, ObjectMetadata>();
  private loadedStamp = '';
  private lastCheck = 0;

  constructor(private readonly db: Kysely<Database>) {}

  register(input: ObjectDefinitionInput) {
    const def = objectDefinitionSchema.parse(input);
    if (this.standard.has(def.name)) throw new Error(`object ${def.name} registered twice`);
    this.standard.set(def.name, def);
    registerDerivations(def);
  }

  /** Fields a module adds to an object another module registered earlier (e.g. a portal switch on contacts). */
  extend(name: string, fields: ObjectDefinitionInput['fields']) {
    const def = this.standard.get(name);
    if (!def) throw new Error(`object ${name} is not registered yet`);
    const next = objectDefinitionSchema.parse({ ...def, fields: [...def.fields, ...fields] });
    this.standard.set(name, next);
    registerDerivations(next);
  }

  standardObjects(): ObjectDefinition[] {
    return [...this.standard.values()];
  }

  standardDefinition(name: string): ObjectDefinition | undefined {
    return this.standard.get(name);
  }

  has(name: string) {
    return this.merged.has(name);
  }

  get(name: string): ObjectMetadata {
    const meta = this.merged.get(name);
    if (!meta) throw notFound(`object '${name}'`);
    return meta;
  }

  list(): ObjectMetadata[] {
    return [...this.merged.values()];
  }

  /** Live (not archived) fields by name, system fields included. */
  field(object: string, name: string): FieldDefinition | undefined {
    return this.get(object).fields.find((f) => f.name === name);
  }

  async reload() {
    const rows = await this.db.selectFrom('meta_fields').selectAll().execute();
    const stored = new Map<string, typeof rows>();
    for (const row of rows) stored.set(row.object, [...(stored.get(row.object) ?? []), row]);

    const merged = new Map<string, ObjectMetadata>();
    for (const def of this.standard.values()) {
      const overrides = stored.get(def.name) ?? [];
      const fields: FieldDefinition[] = [...SYSTEM_FIELDS, ...def.fields].map((field, index) => {
        const override = overrides.find((o) => !o.custom && o.name === field.name);
        const base = { ...field, position: field.position || index };
        return override ? { ...base, ...(override.definition as Partial<FieldDefinition>), name: field.name, type: field.type } : base;
      });
      for (const row of overrides.filter((o) => o.custom)) {
        fields.push({ ...(row.definition as FieldDefinition), custom: true, position: row.position });
      }
      fields.sort((a, b) => a.position - b.position);
      merged.set(def.name, { ...def, fields, relatedLists: [] });
    }
    for (const meta of merged.values()) {
      for (const field of meta.fields) {
        if (field.type !== 'relation' || !field.relation || field.archived) continue;
        const target = merged.get(field.relation.object);
        const related: RelatedList = {
          object: meta.name,
          field: field.name,
          name: field.relation.reverseName,
          label: field.relation.reverseLabel,
        };
        target?.relatedLists.push(related);
      }
    }
    this.merged = merged;
    this.loadedStamp = await this.stamp();
    this.lastCheck = Date.now();
  }

  /** Cheap check, at most every two seconds, that no other instance changed metadata. */
  async ensureFresh() {
    if (Date.now() - this.lastCheck < RELOAD_CHECK_MS) return;
    this.lastCheck = Date.now();
    if ((await this.stamp()) !== this.loadedStamp) await this.reload();
  }

  private async stamp(): Promise<string> {
    const row = await this.db
      .selectFrom('meta_fields')
      .select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.max('updated_at').as('at')])
      .executeTakeFirst();
    return `${row?.n ?? 0}:${row?.at ? new Date(row.at as Date).toISOString() : ''}`;
  }
}
