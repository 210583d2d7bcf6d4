import {
  customFieldInputSchema,
  customFieldPatchSchema,
  fieldValueSchema,
  type FieldDefinition,
} from '@crm/schema';
import { sql, type Kysely } from 'kysely';
import { pinyin } from 'pinyin-pro';
import type { Database } from '../../db/types.js';
import { ApiError, badRequest, notFound, validationError } from '../../http/errors.js';
import { reindexSearch } from '../search/reindex.js';
import { auditFieldChange, type FieldChangeBy } from './field-audit.js';
import { addFieldColumns, dropFieldColumns, syncFieldIndexes } from './table-sync.js';
import type { MetadataRegistry } from './registry.js';

const CUSTOM_PREFIX = 'cf_';

/** A column name from the label: 行业细分 → cf_hang_ye_xi_fen, "Budget year" → cf_budget_year. */
function nameFromLabel(label: string): string {
  const latin = pinyin(label, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true }).join('_');
  const slug = latin.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 40);
  return `${CUSTOM_PREFIX}${slug || 'field'}`;
}

function checkDefinition(field: FieldDefinition) {
  if ((field.type === 'select' || field.type === 'multi_select') && !field.options?.length) {
    throw badRequest('select fields need options', [{ path: 'options', message: 'add at least one option' }]);
  }
  if (field.type === 'relation' && !field.relation) {
    throw badRequest('relation fields need a target object', [{ path: 'relation', message: 'is required' }]);
  }
  if (field.min !== undefined && field.max !== undefined && field.min > field.max) {
    throw badRequest('min must not be greater than max', [{ path: 'min', message: `greater than max (${field.max})` }]);
  }
  if (field.defaultValue !== undefined && field.defaultValue !== null) {
    const parsed = fieldValueSchema(field).safeParse(field.defaultValue);
    if (!parsed.success) throw validationError(parsed.error, 'defaultValue');
  }
}

/** Admin changes to an object's fields at run time: add, edit, reorder, archive, purge. */
export class CustomFields {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly metadata: MetadataRegistry,
  ) {}

  async add(object: string, body: unknown, by?: FieldChangeBy): Promise<FieldDefinition> {
    const meta = this.metadata.get(object);
    const parsed = customFieldInputSchema.safeParse(body);
    if (!parsed.success) throw validationError(parsed.error);
    const input = parsed.data;
    let name = input.name ? (input.name.startsWith(CUSTOM_PREFIX) ? input.name : `${CUSTOM_PREFIX}${input.name}`) : nameFromLabel(input.label.en || input.label.zh);
    if (!input.name) {
      const base = name;
      for (let i = 2; meta.fields.some((f) => f.name === name || f.name === `${name}_currency`); i++) name = `${base}_${i}`;
    } else if (meta.fields.some((f) => f.name === name)) {
      throw new ApiError('conflict', `${object} already has a field named ${name}`, [{ path: 'name', message: 'already exists' }]);
    }
    if (input.relation && !this.metadata.has(input.relation.object)) {
      throw badRequest(`no object '${input.relation.object}'`, [{ path: 'relation.object', message: 'unknown object' }]);
    }
    // Related lists are addressed by name (/related/:list), so a second one with the same name would be unreachable.
    if (input.relation && this.metadata.get(input.relation.object).relatedLists.some((l) => l.name === input.relation!.reverseName)) {
      throw new ApiError('conflict', `${input.relation.object} already has a related list '${input.relation.reverseName}'`, [{ path: 'relation.reverseName', message: 'already exists' }]);
    }
    const position = Math.max(0, ...meta.fields.filter((f) => f.position < 900).map((f) => f.position)) + 1;
    const field: FieldDefinition = {
      ...input,
      name,
      system: false,
      custom: true,
      archived: false,
      searchable: input.searchable ?? false,
      indexed: input.indexed ?? false,
      position,
    };
    checkDefinition(field);
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('meta_fields')
        .values({ object, name, definition: JSON.stringify(field), custom: true, position, updated_at: new Date() })
        .execute();
      await addFieldColumns(trx, object, field);
      await auditFieldChange(trx, this.metadata, object, by, null, field);
    });
    await this.metadata.reload();
    return field;
  }

  async update(object: string, name: string, body: unknown, by?: FieldChangeBy): Promise<FieldDefinition> {
    const meta = this.metadata.get(object);
    const current = meta.fields.find((f) => f.name === name);
    if (!current || current.system) throw notFound(`field ${object}.${name}`);
    const parsed = customFieldPatchSchema.safeParse(body);
    if (!parsed.success) throw validationError(parsed.error);
    const patch = Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined));
    const next: FieldDefinition = { ...current, ...patch };
    if (!current.custom) {
      // Standard fields: only presentation and options may change; their rules belong to the module.
      const allowed = ['label', 'position', 'options', 'required'];
      const refused = Object.keys(patch).filter((k) => !allowed.includes(k));
      if (refused.length) throw badRequest(`standard fields only allow changing ${allowed.join(', ')}`, refused.map((k) => ({ path: k, message: 'cannot change on a standard field' })));
    }
    checkDefinition(next);
    await this.db.transaction().execute(async (trx) => {
      const definition = current.custom ? next : Object.fromEntries(Object.keys(patch).map((k) => [k, next[k as keyof FieldDefinition]]));
      await trx
        .insertInto('meta_fields')
        .values({ object, name, definition: JSON.stringify(definition), custom: current.custom, position: next.position, updated_at: new Date() })
        .onConflict((oc) =>
          oc.columns(['object', 'name']).doUpdateSet({
            definition: current.custom ? JSON.stringify(definition) : sql`meta_fields.definition || ${JSON.stringify(definition)}::jsonb`,
            position: next.position,
            updated_at: new Date(),
          }),
        )
        .execute();
      if (current.custom) await syncFieldIndexes(trx, object, next);
      await auditFieldChange(trx, this.metadata, object, by, current, next);
    });
    await this.metadata.reload();
    const wasIndexed = current.searchable && !current.archived;
    if (wasIndexed !== (next.searchable && !next.archived)) await reindexSearch(this.db, this.metadata.get(object));
    return this.metadata.field(object, name)!;
  }

  /** Sets positions in the given order; fields not named keep their relative order after them. */
  async reorder(object: string, names: string[]) {
    const meta = this.metadata.get(object);
    const unknown = names.filter((n) => !meta.fields.some((f) => f.name === n && !f.system));
    if (unknown.length) throw badRequest(`unknown field(s): ${unknown.join(', ')}`, [{ path: 'names', message: `unknown: ${unknown.join(', ')}` }]);
    for (const [i, name] of names.entries()) await this.update(object, name, { position: i + 1 });
    return this.metadata.get(object).fields;
  }

  /**
   * Removing a field archives it: hidden everywhere, data kept, restorable with archived=false.
   * Only a purge with confirm equal to the field name drops the column and its data.
   */
  async remove(object: string, name: string, options: { purge?: boolean; confirm?: string }, by?: FieldChangeBy) {
    const meta = this.metadata.get(object);
    const field = meta.fields.find((f) => f.name === name);
    if (!field) throw notFound(`field ${object}.${name}`);
    if (!field.custom) throw badRequest('standard fields cannot be removed', [{ path: name, message: 'standard field' }]);
    if (!options.purge) return this.update(object, name, { archived: true }, by);
    if (options.confirm !== name) {
      throw badRequest(`purging deletes all data in ${name}; repeat the field name as confirm to proceed`, [{ path: 'confirm', message: `must equal '${name}'` }]);
    }
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('meta_fields').where('object', '=', object).where('name', '=', name).execute();
      await dropFieldColumns(trx, object, field);
      await auditFieldChange(trx, this.metadata, object, by, field, null, { data: { from: null, to: 'purged' } });
    });
    await this.metadata.reload();
    if (field.searchable && !field.archived) await reindexSearch(this.db, this.metadata.get(object));
    return { purged: name };
  }
}
