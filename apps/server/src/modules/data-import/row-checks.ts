import type { FieldDefinition, ObjectMetadata } from '@crm/schema';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import type { AccessContext, Engine } from '../../engine/index.js';
import { columnsOf } from '../../engine/metadata/columns.js';
import { selectColumns, toApiRecord } from '../../engine/records/row-mapping.js';
import { ApiError } from '../../http/errors.js';
import { reasonOf } from './prepare-row.js';

type Row = Record<string, unknown>;

/** Thrown to roll back a transaction that only checked rows. */
class CheckedOnly extends Error {}

/**
 * What the before hooks of a write (stage rules: a lost deal needs a lost reason, the stage must
 * belong to the pipeline…) say about each row, without writing: they run on copies of the values
 * in a transaction that is rolled back, as the import's writes (hooks that treat imports apart see
 * the import id). null = the row passes.
 */
export async function hookReasons(db: Kysely<Database>, engine: Engine, meta: ObjectMetadata, ctx: AccessContext, creates: Row[], updates: { id: string; values: Row }[], importId: string): Promise<{ creates: (string | null)[]; updates: (string | null)[] }> {
  const out = { creates: creates.map(() => null as string | null), updates: updates.map(() => null as string | null) };
  const hooked = { create: engine.hooks.has(meta.name, 'beforeCreate'), update: engine.hooks.has(meta.name, 'beforeUpdate') };
  if (!(hooked.create && creates.length) && !(hooked.update && updates.length)) return out;
  const check = async (run: () => Promise<void>) => {
    try {
      await run();
      return null;
    } catch (error) {
      if (error instanceof ApiError) return reasonOf(error);
      throw error;
    }
  };
  await db
    .transaction()
    .execute(async (trx) => {
      if (hooked.create) {
        for (const [i, values] of creates.entries()) {
          out.creates[i] = await check(() => engine.hooks.run('beforeCreate', { object: meta.name, ctx, trx, values: structuredClone(values), importId }));
        }
      }
      if (hooked.update && updates.length) {
        const previous = await storedRecords(trx, meta, updates.map((u) => u.id));
        for (const [i, { id, values }] of updates.entries()) {
          const before = previous.get(id);
          if (before) out.updates[i] = await check(() => engine.hooks.run('beforeUpdate', { object: meta.name, ctx, trx, values: structuredClone(values), previous: before }));
        }
      }
      throw new CheckedOnly();
    })
    .catch((error) => {
      if (!(error instanceof CheckedOnly)) throw error;
    });
  return out;
}

async function storedRecords(trx: Kysely<Database>, meta: ObjectMetadata, ids: string[]): Promise<Map<string, Row>> {
  const fields = meta.fields.filter((f) => !f.archived);
  const { rows } = await sql<Row>`SELECT ${selectColumns(fields)} FROM ${sql.table(meta.name)} t WHERE t.id = ANY(${sql.val(ids)}::uuid[])`.execute(trx);
  return new Map(rows.map((r) => [String(r.id), toApiRecord(fields, r)]));
}

const UNIQUE_TYPES = new Set<FieldDefinition['type']>(['text', 'email', 'phone', 'url', 'integer', 'decimal', 'date']);

/**
 * Unique fields (a product's SKU, a unique custom field): a value another live record holds, or an
 * earlier row of the file, rejects the row with its reason, instead of the database refusing the
 * whole batch. One query per field and batch; the file's values are remembered across batches.
 */
export class UniqueGuard {
  private readonly fields: FieldDefinition[];
  private readonly seen = new Map<string, Map<string, number>>();

  constructor(private readonly meta: ObjectMetadata, mapped: Iterable<string>) {
    const names = new Set(mapped);
    this.fields = meta.fields.filter((f) => f.unique && !f.archived && !f.system && UNIQUE_TYPES.has(f.type) && names.has(f.name));
    for (const f of this.fields) this.seen.set(f.name, new Map());
  }

  /** Per row (values, the record it updates if any, its row number): the reasons, or null. */
  async check(db: Kysely<Database>, rows: { values: Row; id?: string; index: number }[]): Promise<(string | null)[]> {
    const reasons: string[][] = rows.map(() => []);
    for (const f of this.fields) {
      const key = (v: unknown) => (v === null || v === undefined || v === '' ? null : String(v));
      const wanted = [...new Set(rows.map((r) => key(r.values[f.name])).filter((v): v is string => v !== null))];
      if (!wanted.length) continue;
      const column = columnsOf(f)[0].name;
      const { rows: stored } = await sql<{ id: string; v: string }>`
        SELECT id, ${sql.ref(column)}::text AS v FROM ${sql.table(this.meta.name)}
        WHERE ${sql.ref(column)}::text = ANY(${sql.val(wanted)}::text[]) AND deleted_at IS NULL`.execute(db);
      const holders = new Map(stored.map((s) => [s.v, s.id]));
      const seen = this.seen.get(f.name)!;
      rows.forEach((row, i) => {
        const v = key(row.values[f.name]);
        if (v === null) return;
        const holder = holders.get(v);
        if (holder && holder !== row.id) reasons[i].push(`${f.name}: '${v}' is already used by another record`);
        else if (seen.has(v)) reasons[i].push(`${f.name}: '${v}' is already used by row ${seen.get(v)} of the file`);
        else seen.set(v, row.index);
      });
    }
    return reasons.map((r) => (r.length ? r.join('; ') : null));
  }
}
