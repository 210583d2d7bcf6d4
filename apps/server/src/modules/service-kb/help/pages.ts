import type { ArticleHit } from '../articles/search.js';
import { excerpt, renderBody } from '../articles/render.js';
import { HELP_TEXTS, type HelpLang } from '../locales/help-texts.js';
import { esc, page } from './layout.js';
import type { PublicArticle } from './queries.js';

type Labels = Map<string, string>;
const otherLang = (lang: HelpLang): HelpLang => (lang === 'en' ? 'zh' : 'en');
const link = (a: { slug: string; title: string }, lang: HelpLang) => `<a href="/help/articles/${encodeURIComponent(a.slug)}?lang=${lang}">${esc(a.title)}</a>`;

export function homePage(lang: HelpLang, articles: PublicArticle[], labels: Labels, canonical: string | null): string {
  const t = HELP_TEXTS[lang];
  const groups = new Map<string, PublicArticle[]>();
  for (const a of articles) {
    const key = a.category ?? '';
    groups.set(key, [...(groups.get(key) ?? []), a]);
  }
  const cards = [...groups.entries()].map(
    ([key, list]) => `<section class="card" id="c-${esc(key || 'other')}"><h2>${esc(labels.get(key) ?? t.uncategorised)}</h2><ul class="list">${list.map((a) => `<li>${link(a, lang)}</li>`).join('')}</ul></section>`,
  );
  const content = `<h1>${esc(t.categories)}</h1>${cards.length ? `<div class="grid">${cards.join('')}</div>` : `<p class="muted">${esc(t.empty)}</p>`}`;
  return page({ lang, title: t.site, description: t.description, canonical, otherLangPath: `/help?lang=${otherLang(lang)}` }, content);
}

export function resultsPage(lang: HelpLang, q: string, hits: ArticleHit[], labels: Labels): string {
  const t = HELP_TEXTS[lang];
  const list = hits.length
    ? `<ul class="list" data-testid="help-results">${hits.map((h) => `<li>${link(h, lang)} <span class="muted">· ${esc(labels.get(h.category ?? '') ?? t.uncategorised)}</span><p class="excerpt">${esc(excerpt(h.body))}</p></li>`).join('')}</ul>`
    : `<p class="muted">${esc(t.noResults)}</p>`;
  return page(
    { lang, title: `${t.results(q, hits.length)} - ${t.site}`, description: t.description, canonical: null, noindex: true, q, otherLangPath: `/help?lang=${otherLang(lang)}&q=${encodeURIComponent(q)}` },
    `<h1>${esc(t.results(q, hits.length))}</h1><div class="card">${list}</div>`,
  );
}

export function articlePage(lang: HelpLang, a: PublicArticle, labels: Labels, canonical: string | null, voted?: string): string {
  const t = HELP_TEXTS[lang];
  const notice = voted === 'thanks' ? t.thanks : voted === 'again' ? t.voted : null;
  const updated = new Date(a.updated_at).toISOString().slice(0, 10);
  const content = `
<p class="muted"><a href="/help?lang=${lang}">${esc(t.back)}</a> · ${esc(labels.get(a.category ?? '') ?? t.uncategorised)}</p>
<article>
<h1>${esc(a.title)}</h1>
<p class="muted">${esc(t.updated)} ${updated} · <span data-testid="help-views">${esc(t.views(a.views))}</span></p>
<div class="body">${renderBody(a.body)}</div>
</article>
<section class="vote" data-testid="help-vote">
${notice ? `<p class="notice" role="status">${esc(notice)}</p>` : ''}
<p>${esc(t.helpfulQ)}</p>
<form method="post" action="/help/articles/${encodeURIComponent(a.slug)}/vote?lang=${lang}">
<button type="submit" name="helpful" value="yes">${esc(t.yes)} (${a.helpful_count})</button>
<button type="submit" name="helpful" value="no" class="no">${esc(t.no)} (${a.not_helpful_count})</button>
</form>
</section>`;
  return page({ lang, title: `${a.title} - ${t.site}`, description: excerpt(a.body, 150) || t.description, canonical, otherLangPath: `/help?lang=${otherLang(lang)}` }, content);
}

export function messagePage(lang: HelpLang, message: string): string {
  const t = HELP_TEXTS[lang];
  return page({ lang, title: `${message} - ${t.site}`, description: t.description, canonical: null, noindex: true, otherLangPath: `/help?lang=${otherLang(lang)}` }, `<div class="card"><p>${esc(message)}</p><p><a href="/help?lang=${lang}">${esc(t.back)}</a></p></div>`);
}
