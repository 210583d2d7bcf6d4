import type { ObjectMetadata } from '@crm/schema';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import type { AccessContext, Engine } from '../../engine/index.js';
import type { Mapping } from './propose-mapping.js';
import { isBlankCell, type Cell } from './read-rows.js';
import { linkKey, resolveLinks, type LinkResolution } from './resolve-links.js';

const PAGE = 1000;

/** Relation fields of the mapping that point at the imported object itself (a customer's parent company). */
export const selfLinkFields = (meta: ObjectMetadata, mapping: Mapping) =>
  meta.fields.filter((f) => f.type === 'relation' && f.relation?.object === meta.name && f.name in mapping && !f.archived);

/**
 * The keys rows of the file can be found by once written: their external id and their name
 * (lower-case). Read only when the file links the object to itself; a relation cell naming one of
 * them is neither rejected nor made into a placeholder, it is linked after every row is written.
 */
export async function fileKeys(meta: ObjectMetadata, mapping: Mapping, rows: AsyncIterable<{ cells: Cell[] }>): Promise<Set<string> | null> {
  if (!selfLinkFields(meta, mapping).length) return null;
  const columns = ['external_id', meta.titleField].filter((f) => f in mapping).map((f) => mapping[f]);
  const keys = new Set<string>();
  for await (const { cells } of rows) {
    for (const c of columns) if (!isBlankCell(cells[c])) keys.add(linkKey(String(cells[c]).trim()));
  }
  return keys;
}

/** Whether a cell nothing stored matched names a row of the file (to be linked afterwards). */
export const namesFileRow = (meta: ObjectMetadata, keys: Set<string> | null) => (link: LinkResolution, key: string) =>
  Boolean(keys && link.target.name === meta.name && keys.has(key));

export interface DeferredLink {
  recordId: string;
  field: string;
  target: string;
}

/** Remembers, in the batch's transaction, the links to make once every row is written (a resumed run finds them). */
export async function saveDeferred(trx: Kysely<Database>, importId: string, links: DeferredLink[]) {
  if (!links.length) return;
  await trx
    .insertInto('import_deferred_links')
    .values(links.map((l) => ({ import_id: importId, record_id: l.recordId, field: l.field, target: l.target })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/**
 * The second pass: every row is written, so a cell naming another row of the file now finds it
 * (external id or name). Records the import updated keep the link's earlier value for undo. A cell
 * whose row was itself rejected links to nothing. Page by page, each in one transaction.
 */
export async function linkDeferred(db: Kysely<Database>, engine: Engine, meta: ObjectMetadata, importId: string, ctx: AccessContext, inLease: (trx: Kysely<Database>) => Promise<void>) {
  for (;;) {
    const done = await db.transaction().execute(async (trx) => {
      await inLease(trx);
      const page = await trx.selectFrom('import_deferred_links').selectAll().where('import_id', '=', importId).orderBy('record_id').orderBy('field').limit(PAGE).execute();
      if (!page.length) return true;
      const links = await resolveLinks(trx, meta, page.map((d) => ({ links: { [d.field]: d.target } })), ctx, (o) => engine.metadata.get(o));
      const values = new Map<string, Record<string, unknown>>();
      for (const d of page) {
        const id = links.find((l) => l.field === d.field)?.found.get(linkKey(d.target));
        if (id && id !== d.record_id) values.set(d.record_id, { ...values.get(d.record_id), [d.field]: id });
      }
      const updated = await engine.records.bulk.update(trx, meta, [...values].map(([id, v]) => ({ id, values: v })), ctx);
      // An update entry's previous values gain the link's value before it, so undo restores it too.
      for (const { previous, record } of updated) {
        const before = Object.fromEntries(Object.keys(values.get(record.id as string)!).map((f) => [f, previous[f] ?? null]));
        await sql`
          UPDATE import_changes SET previous = ${JSON.stringify(before)}::jsonb || previous
          WHERE import_id = ${importId} AND object = ${meta.name} AND record_id = ${record.id as string} AND action = 'updated'`.execute(trx);
      }
      await sql`DELETE FROM import_deferred_links WHERE import_id = ${importId} AND (record_id, field) IN (
        SELECT * FROM unnest(${sql.val(page.map((d) => d.record_id))}::uuid[], ${sql.val(page.map((d) => d.field))}::text[]))`.execute(trx);
      return false;
    });
    if (done) return;
  }
}
