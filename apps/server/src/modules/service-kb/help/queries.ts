import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';
import type { ArticleHit } from '../articles/search.js';
import { ApiError } from '../../../http/errors.js';
import { countHit } from '../../../http/hit-window.js';

export interface PublicArticle extends Omit<ArticleHit, 'rank' | 'visibility'> {
  helpful_count: number;
  not_helpful_count: number;
  views: number;
  updated_at: Date;
}

// Everything the help centre reads goes through this condition: never an internal or draft article.
const PUBLISHED = sql`t.deleted_at IS NULL AND t.visibility = 'public' AND t.status = 'published'`;
const COLUMNS = sql`t.id, t.slug, t.title, t.body, t.category, t.language, COALESCE(t.helpful_count, 0)::int AS helpful_count, COALESCE(t.not_helpful_count, 0)::int AS not_helpful_count, COALESCE(t.views, 0)::int AS views, t.updated_at`;

export async function publicArticles(db: Kysely<Database>, language: string | null): Promise<PublicArticle[]> {
  const { rows } = await sql<PublicArticle>`
    SELECT ${COLUMNS} FROM kb_articles t WHERE ${PUBLISHED} AND (${language}::text IS NULL OR t.language = ${language})
    ORDER BY t.category NULLS LAST, COALESCE(t.views, 0) DESC, t.title LIMIT 1000`.execute(db);
  return rows;
}

export async function publicArticle(db: Kysely<Database>, slug: string): Promise<PublicArticle | undefined> {
  const { rows } = await sql<PublicArticle>`SELECT ${COLUMNS} FROM kb_articles t WHERE ${PUBLISHED} AND t.slug = ${slug}`.execute(db);
  return rows[0];
}

/** Counters, not edits: no version, audit entry or event per page view or vote. */
export async function countView(db: Kysely<Database>, id: string) {
  await sql`UPDATE kb_articles SET views = COALESCE(views, 0) + 1 WHERE id = ${id}`.execute(db);
}

/** One vote per article and visitor cookie; a second one changes nothing. Returns whether it counted. */
export async function castVote(db: Kysely<Database>, id: string, visitor: string, helpful: boolean): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const inserted = await trx.insertInto('kb_votes').values({ article_id: id, visitor, helpful }).onConflict((oc) => oc.doNothing()).returning('article_id').executeTakeFirst();
    if (!inserted) return false;
    const column = helpful ? sql.ref('helpful_count') : sql.ref('not_helpful_count');
    await sql`UPDATE kb_articles SET ${column} = COALESCE(${column}, 0) + 1 WHERE id = ${id}`.execute(trx);
    return true;
  });
}

export const newVisitorId = () => randomUUID();

/** Votes one address may send per window (CRM_KB_VOTE_RATE_LIMIT per CRM_KB_VOTE_RATE_WINDOW_S, default 20 per 60 s), shared by all instances. */
export async function checkVoteRate(db: Kysely<Database>, ip: string) {
  const max = Number(process.env.CRM_KB_VOTE_RATE_LIMIT || 20);
  const windowSeconds = Number(process.env.CRM_KB_VOTE_RATE_WINDOW_S || 60);
  const hits = await countHit(db, 'kb_vote_hits', ip, windowSeconds);
  if (hits > max) throw new ApiError('rate_limited', `too many votes from this address: at most ${max} per ${windowSeconds} seconds`);
}
