import type { ListParams } from '@crm/schema';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { recordExport } from '../../engine/audit/audit.js';
import type { Engine } from '../../engine/index.js';
import { requireScope, type AccessContext } from '../../engine/permissions/access.js';
import { lookupTitles } from '../../engine/records/export/columns.js';
import { writeVCard, type VCardVersion } from './write-vcard.js';

const PAGE = 500;

/**
 * Contacts (one, a selection or the current list view) as vCards, read page by page through the
 * engine with the read and export scopes, hidden fields left out; audited like any export.
 * The first page is read before returning, so bad parameters fail before anything is sent.
 */
export async function exportVCards(engine: Engine, db: Kysely<Database>, params: ListParams, ctx: AccessContext, version: VCardVersion): Promise<AsyncGenerator<string>> {
  const meta = await engine.records.object('contacts');
  requireScope(ctx, 'contacts', 'export');
  const query = { ...params, fields: undefined, limit: PAGE, count: false, cursor: undefined };
  const customerField = meta.fields.filter((f) => f.name === 'customer_id');
  let page = await engine.records.list('contacts', query, ctx, { alsoScope: 'export' });
  async function* cards() {
    let rows = 0;
    for (;;) {
      const titles = await lookupTitles(db, engine.metadata, customerField, page.data, ctx);
      rows += page.data.length;
      yield page.data
        .map((r) =>
          writeVCard(
            {
              id: r.id as string,
              name: r.name as string,
              organisation: (r.customer_id ? titles.get(r.customer_id as string) : null) ?? (r.company as string | null) ?? null,
              title: r.title as string | null,
              mobile: r.mobile as string | null,
              phone: r.phone as string | null,
              email: r.email as string | null,
              wechat: r.wechat as string | null,
              birthday: r.birthday as string | null,
              gender: r.gender as string | null,
              description: r.description as string | null,
              updatedAt: r.updated_at as string | null,
            },
            version,
          ),
        )
        .join('');
      if (!page.nextCursor) break;
      page = await engine.records.list('contacts', { ...query, cursor: page.nextCursor }, ctx, { alsoScope: 'export' });
    }
    await recordExport(db, { object: 'contacts', actorId: ctx.userId, format: `vcf ${version}`, rows, filter: params.filter ?? null, q: params.q ?? null, sort: params.sort ?? null, fields: null });
  }
  return cards();
}
