import type { Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';
import type { Engine } from '../../../engine/index.js';
import type { AccessContext } from '../../../engine/permissions/access.js';
import { requireVisibleFields } from '../../../engine/permissions/access.js';
import { notFound } from '../../../http/errors.js';

/** Versions of an article the user may read (the article's scope and its title/body fields), newest first. */
export async function listVersions(db: Kysely<Database>, engine: Engine, access: AccessContext, articleId: string) {
  await readable(engine, access, articleId);
  const rows = await db
    .selectFrom('kb_article_versions as v')
    .leftJoin('users as u', 'u.id', 'v.created_by')
    .select(['v.id', 'v.title', 'v.created_at', 'v.created_by', 'u.name as author'])
    .where('v.article_id', '=', articleId)
    .orderBy('v.created_at', 'desc')
    .orderBy('v.id', 'desc')
    .execute();
  return rows.map((r) => ({ id: r.id, title: r.title, createdAt: new Date(r.created_at).toISOString(), createdBy: r.created_by ? { id: r.created_by, name: r.author } : null }));
}

export async function getVersion(db: Kysely<Database>, engine: Engine, access: AccessContext, articleId: string, versionId: string) {
  await readable(engine, access, articleId);
  const row = await db.selectFrom('kb_article_versions').selectAll().where('article_id', '=', articleId).where('id', '=', versionId).executeTakeFirst();
  if (!row) throw notFound(`version ${versionId}`);
  return { id: row.id, title: row.title, body: row.body, createdAt: new Date(row.created_at).toISOString(), createdBy: row.created_by };
}

/** Restoring is an ordinary update of title and body (audited, versioned, checked against the user's write scope). */
export async function restoreVersion(db: Kysely<Database>, engine: Engine, access: AccessContext, articleId: string, versionId: string) {
  const version = await getVersion(db, engine, access, articleId, versionId);
  return engine.records.update('kb_articles', articleId, { title: version.title, body: version.body }, access);
}

async function readable(engine: Engine, access: AccessContext, articleId: string) {
  await engine.records.get('kb_articles', articleId, access);
  requireVisibleFields(access, 'kb_articles', ['title', 'body']);
}
