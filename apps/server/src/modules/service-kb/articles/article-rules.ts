import type { Engine } from '../../../engine/index.js';
import type { HookEvent } from '../../../engine/hooks/hooks.js';
import { checkSlug, freeSlug, slugify } from './slug.js';

const changed = (e: HookEvent, name: string) => name in e.values && e.values[name] !== e.previous?.[name];

/**
 * Slug from the title (pinyin) when left empty, checked when given; every save that changes the
 * title or body stores a version, in the record's transaction, naming who saved it.
 */
export function registerArticleRules(engine: Engine) {
  const slugHook = async (e: HookEvent) => {
    if (!('slug' in e.values) && e.previous) return;
    const given = typeof e.values.slug === 'string' ? e.values.slug.trim() : '';
    if (given) {
      checkSlug(given);
      return;
    }
    const title = String(e.values.title ?? e.previous?.title ?? '');
    e.values.slug = await freeSlug(e.trx, slugify(title), e.previous?.id as string | undefined);
  };
  engine.hooks.on('kb_articles', 'beforeCreate', slugHook);
  engine.hooks.on('kb_articles', 'beforeUpdate', slugHook);

  const version = async (e: HookEvent) => {
    if (e.previous && !changed(e, 'title') && !changed(e, 'body')) return;
    const record = e.record!;
    await e.trx
      .insertInto('kb_article_versions')
      .values({ article_id: record.id as string, title: String(record.title ?? ''), body: String(record.body ?? ''), created_by: e.ctx.userId ?? null })
      .execute();
  };
  engine.hooks.on('kb_articles', 'afterCreate', version);
  engine.hooks.on('kb_articles', 'afterUpdate', version);
}
