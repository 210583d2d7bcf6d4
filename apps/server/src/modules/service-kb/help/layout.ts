import { HELP_TEXTS, type HelpLang } from '../locales/help-texts.js';

export const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const CSS = `
*{box-sizing:border-box}body{margin:0;font:16px/1.7 -apple-system,BlinkMacSystemFont,"Segoe UI","PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","WenQuanYi Zen Hei",sans-serif;color:#1f2328;background:#f6f8fa}
a{color:#1677ff;text-decoration:none}a:hover{text-decoration:underline}
header{background:#1677ff;color:#fff;padding:20px 16px 28px}header .in,main{max-width:880px;margin:0 auto}
header a{color:#fff}.top{display:flex;justify-content:space-between;align-items:center;gap:12px;flex-wrap:wrap}
.brand{font-size:20px;font-weight:600}
form.search{display:flex;gap:8px;margin-top:16px}form.search input{flex:1;min-width:0;padding:10px 12px;border:0;border-radius:6px;font-size:16px}
form.search button,.vote button{padding:10px 16px;border:0;border-radius:6px;background:#0958d9;color:#fff;font-size:15px;cursor:pointer}
main{padding:20px 16px 48px}h1{font-size:26px;line-height:1.35;margin:0 0 8px;overflow-wrap:anywhere}h2{font-size:19px;margin:24px 0 8px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(250px,1fr));gap:16px}
.card{background:#fff;border:1px solid #e5e7eb;border-radius:8px;padding:16px}.card h2{margin-top:0}
ul.list{list-style:none;padding:0;margin:0}ul.list li{padding:6px 0;border-bottom:1px solid #f0f0f0;overflow-wrap:anywhere}ul.list li:last-child{border:0}
.muted{color:#6b7280;font-size:14px}.excerpt{color:#4b5563;font-size:14px;margin:2px 0 0}
article{background:#fff;border:1px solid #e5e7eb;border-radius:8px;padding:20px;overflow-wrap:anywhere}
article img{max-width:100%;height:auto}article pre{overflow-x:auto;background:#f6f8fa;padding:12px;border-radius:6px}
article table{border-collapse:collapse;display:block;overflow-x:auto}article td,article th{border:1px solid #e5e7eb;padding:4px 8px}
.vote{margin-top:20px;padding:16px;background:#fff;border:1px solid #e5e7eb;border-radius:8px}.vote form{display:inline-flex;gap:8px;flex-wrap:wrap}
.vote button.no{background:#fff;color:#1f2328;border:1px solid #d0d7de}.notice{padding:10px 12px;background:#f6ffed;border:1px solid #b7eb8f;border-radius:6px;margin-bottom:12px}
@media (max-width:480px){h1{font-size:22px}article{padding:14px}header{padding:16px 12px 20px}main{padding:16px 12px 40px}}
`;

export interface PageMeta {
  lang: HelpLang;
  title: string;
  description: string;
  /** Absolute canonical URL (CRM_PUBLIC_URL), when configured. */
  canonical: string | null;
  /** Search results and "not found" pages stay out of search engines. */
  noindex?: boolean;
  q?: string;
  /** This page's path in the other language, for the switch and hreflang. */
  otherLangPath: string;
}

/** A whole help-centre page: no scripts, readable on phones, indexable. */
export function page(meta: PageMeta, content: string): string {
  const t = HELP_TEXTS[meta.lang];
  const home = meta.lang === 'en' ? '/help?lang=en' : '/help?lang=zh';
  return `<!doctype html>
<html lang="${meta.lang === 'en' ? 'en' : 'zh-CN'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(meta.title)}</title>
<meta name="description" content="${esc(meta.description)}">
<meta name="robots" content="${meta.noindex ? 'noindex, follow' : 'index, follow'}">
${meta.canonical ? `<link rel="canonical" href="${esc(meta.canonical)}">` : ''}
<style>${CSS}</style>
</head>
<body>
<header><div class="in">
<div class="top"><a class="brand" href="${home}">${esc(t.site)}</a><a href="${esc(meta.otherLangPath)}" hreflang="${meta.lang === 'en' ? 'zh' : 'en'}" data-testid="help-lang">${esc(t.other)}</a></div>
<form class="search" method="get" action="/help" role="search">
<input type="hidden" name="lang" value="${meta.lang}">
<input type="search" name="q" value="${esc(meta.q ?? '')}" placeholder="${esc(t.search)}" aria-label="${esc(t.search)}" maxlength="100">
<button type="submit">${esc(t.searchButton)}</button>
</form>
</div></header>
<main>${content}</main>
</body>
</html>`;
}
