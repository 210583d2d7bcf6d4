import { sql, type Kysely } from 'kysely';
import { pinyin } from 'pinyin-pro';
import type { Database } from '../../../db/types.js';
import { badRequest } from '../../../http/errors.js';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** 'how-to-导入 联系人' → 'how-to-dao-ru-lian-xi-ren': pinyin for Chinese, lower-case ASCII words joined by '-'. */
export function slugify(title: string): string {
  const latin = pinyin(title.normalize('NFKC'), { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true }).join(' ');
  const slug = latin.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return slug.slice(0, 80).replace(/-+$/, '') || 'article';
}

export function checkSlug(slug: string) {
  if (!SLUG.test(slug)) throw badRequest(`slug '${slug}' may hold only a-z, 0-9 and single '-' between them`, [{ path: 'slug', message: 'lower-case letters, digits and -' }]);
}

/** The slug, or slug-2, slug-3… when another live or deleted article has it (the column is unique). */
export async function freeSlug(trx: Kysely<Database>, base: string, exceptId?: string): Promise<string> {
  const { rows } = await sql<{ slug: string }>`
    SELECT slug FROM kb_articles WHERE (slug = ${base} OR slug LIKE ${`${base}-%`}) AND (${exceptId ?? null}::uuid IS NULL OR id <> ${exceptId ?? null}::uuid)`.execute(trx);
  const taken = new Set(rows.map((r) => r.slug));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}
