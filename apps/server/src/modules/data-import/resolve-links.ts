import type { ObjectMetadata } from '@crm/schema';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { scopeCondition, type AccessContext } from '../../engine/permissions/access.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Which key of the target found a cell's record, in the order they are tried. */
export type LinkMatch = 'id' | 'external_id' | 'name' | 'email';
const ORDER: LinkMatch[] = ['id', 'external_id', 'name', 'email'];

/** Per relation field: lower-case cell text → record id, how it matched, and the texts nothing (or too much) matched. */
export interface LinkResolution {
  field: string;
  target: ObjectMetadata;
  found: Map<string, string>;
  how: Map<string, LinkMatch>;
  /** Texts whose name (or e-mail) several readable records share: how many. */
  ambiguous: Map<string, number>;
  missing: Map<string, string>;
}

/** The lower-case key a relation cell is looked up by. */
export const linkKey = (text: string) => text.toLowerCase();

/** The target's e-mail field (contacts, leads): a cell with an @ may name a record by it. */
const emailField = (target: ObjectMetadata) => target.fields.find((f) => f.type === 'email' && !f.archived);

/**
 * Resolves the relation cells of a batch in one query per field, among records the user may read:
 * a record id, else the record's external id (Salesforce 001…), else its title (name), else its
 * e-mail, case-insensitively. A name or e-mail several records share resolves to none of them
 * (ambiguous): the row says how many there are instead of linking a guess.
 */
export async function resolveLinks(db: Kysely<Database>, meta: ObjectMetadata, rows: { links?: Record<string, string> }[], ctx: AccessContext, targetOf: (object: string) => ObjectMetadata): Promise<LinkResolution[]> {
  const out: LinkResolution[] = [];
  for (const field of meta.fields.filter((f) => f.type === 'relation' && rows.some((r) => r.links?.[f.name]))) {
    const target = targetOf(field.relation!.object);
    const keys = new Map<string, string>();
    for (const r of rows) {
      const text = r.links?.[field.name];
      if (text) keys.set(linkKey(text), text);
    }
    const all = [...keys.keys()];
    const ids = all.filter((k) => UUID.test(k));
    const texts = all.filter((k) => !UUID.test(k));
    const email = emailField(target);
    const mails = email ? texts.filter((k) => k.includes('@')) : [];
    const live = sql`t.deleted_at IS NULL AND ${scopeCondition(ctx, target.name, 'read')}`;
    const lowerOf = (column: string) => sql`lower(${sql.ref(`t.${column}`)})`;
    const { rows: hits } = await sql<{ key: string; how: LinkMatch; n: string; id: string }>`
      SELECT key, how, count(*) AS n, min(id::text) AS id FROM (
        SELECT t.id, t.id::text AS key, 'id' AS how FROM ${sql.table(target.name)} t
        WHERE t.id = ANY(${sql.val(ids)}::uuid[]) AND ${live}
        UNION ALL
        SELECT t.id, lower(t.external_id), 'external_id' FROM ${sql.table(target.name)} t
        WHERE t.external_id = ANY(${sql.val(texts.map((k) => keys.get(k)!))}::text[]) AND ${live}
        UNION ALL
        SELECT t.id, ${lowerOf(target.titleField)}, 'name' FROM ${sql.table(target.name)} t
        WHERE ${lowerOf(target.titleField)} = ANY(${sql.val(texts)}::text[]) AND ${live}
        ${email ? sql`UNION ALL SELECT t.id, ${lowerOf(email.name)}, 'email' FROM ${sql.table(target.name)} t WHERE ${lowerOf(email.name)} = ANY(${sql.val(mails)}::text[]) AND ${live}` : sql``}
      ) m GROUP BY key, how`.execute(db);
    const resolution: LinkResolution = { field: field.name, target, found: new Map(), how: new Map(), ambiguous: new Map(), missing: new Map() };
    for (const how of ORDER) {
      for (const hit of hits.filter((h) => h.how === how)) {
        if (resolution.found.has(hit.key) || resolution.ambiguous.has(hit.key)) continue;
        if (Number(hit.n) > 1) resolution.ambiguous.set(hit.key, Number(hit.n));
        else {
          resolution.found.set(hit.key, hit.id);
          resolution.how.set(hit.key, how);
        }
      }
    }
    for (const [k, text] of keys) if (!resolution.found.has(k) && !resolution.ambiguous.has(k)) resolution.missing.set(k, text);
    out.push(resolution);
  }
  return out;
}
