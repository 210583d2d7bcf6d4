import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { Database } from '../../../db/types.js';
import { searchQuery } from '../../../engine/search/terms.js';

export interface ArticleHit {
  id: string;
  slug: string;
  title: string;
  body: string | null;
  category: string | null;
  language: string;
  visibility: string;
  rank: number;
}

/**
 * Articles matching the text, best first, by the engine's search lexemes (2-character Chinese words,
 * pinyin, words). `any` ORs the terms (a ticket's whole subject and body), otherwise all must match
 * (a search box). Only published, live articles; `where` narrows further (public only, a user's scope).
 */
export async function findArticles(db: Kysely<Database>, text: string, options: { any: boolean; limit: number; language?: string; where: RawBuilder<SqlBool> }): Promise<ArticleHit[]> {
  const all = searchQuery(text);
  if (!all) return [];
  // Lexemes are quoted words without spaces, so the connectives between them are exactly ' & '.
  const query = options.any ? all.split(' & ').join(' | ') : all;
  const { rows } = await sql<ArticleHit>`
    SELECT t.id, t.slug, t.title, t.body, t.category, t.language, t.visibility,
      ts_rank(t._search, ${query}::tsquery) AS rank
    FROM kb_articles t
    WHERE t.deleted_at IS NULL AND t.status = 'published' AND t._search @@ ${query}::tsquery
      AND (${options.language ?? null}::text IS NULL OR t.language = ${options.language ?? null})
      AND ${options.where}
    ORDER BY rank DESC, t.updated_at DESC, t.id
    LIMIT ${options.limit}`.execute(db);
  return rows;
}

export const PUBLIC_ONLY = sql<SqlBool>`t.visibility = 'public'`;
