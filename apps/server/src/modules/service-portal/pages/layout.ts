import { esc } from '../../service-kb/help/layout.js';
import { PORTAL_TEXTS, type PortalLang } from '../locales/portal-texts.js';

export { esc };

const CSS = `
*{box-sizing:border-box}body{margin:0;font:16px/1.6 -apple-system,BlinkMacSystemFont,"Segoe UI","PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:#1f2328;background:#f6f8fa}
a{color:#1677ff;text-decoration:none}header{background:#1677ff;color:#fff;padding:14px 16px}header a{color:#fff}
.top,main{max-width:820px;margin:0 auto}.top{display:flex;justify-content:space-between;align-items:center;gap:12px;flex-wrap:wrap}
.brand{font-size:19px;font-weight:600}.top form{display:inline}.top button{background:none;border:0;color:#fff;font-size:15px;cursor:pointer;padding:0}
main{padding:18px 16px 48px}h1{font-size:22px;margin:0 0 12px;overflow-wrap:anywhere}
.card{background:#fff;border:1px solid #e5e7eb;border-radius:8px;padding:16px;margin-bottom:12px;overflow-wrap:anywhere}
label{display:block;font-weight:500;margin:10px 0 4px}input,textarea,select{width:100%;padding:9px 10px;border:1px solid #d0d7de;border-radius:6px;font:inherit}
textarea{min-height:110px}button.primary{margin-top:12px;padding:9px 18px;border:0;border-radius:6px;background:#1677ff;color:#fff;font-size:15px;cursor:pointer}
ul.list{list-style:none;margin:0;padding:0}ul.list li{padding:10px 0;border-bottom:1px solid #f0f0f0;display:flex;justify-content:space-between;align-items:flex-start;gap:8px;flex-wrap:wrap}
.muted{color:#6b7280;font-size:14px}.tag{display:inline-block;padding:0 8px;border-radius:10px;background:#e6f4ff;color:#0958d9;font-size:13px;white-space:nowrap}
.msg{border-left:3px solid #d0d7de;padding:6px 12px;margin:10px 0;white-space:pre-wrap}.msg.out{border-color:#1677ff;background:#f0f7ff}
.notice{padding:10px 12px;background:#f6ffed;border:1px solid #b7eb8f;border-radius:6px;margin-bottom:12px}.error{background:#fff2f0;border-color:#ffccc7}
.stars{display:flex;gap:6px;flex-wrap:wrap}.stars label{font-weight:400;margin:0;display:flex;gap:4px;align-items:center}.stars input{width:auto}
#kb-suggest:empty{display:none}
ul.files{list-style:none;margin:6px 0 0;padding:0;white-space:normal}ul.files li{overflow-wrap:anywhere}input[type=file]{padding:6px;background:#fff}
`;

/** A time as the support desk's calendar reads it (its time zone), e.g. 2026-12-03 14:31. */
export const when = (tz: string, at: Date | string, withTime = true) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', ...(withTime ? { hour: '2-digit', minute: '2-digit' } : {}) }).format(new Date(at));

export const link = (lang: PortalLang, path: string) => `${path}${path.includes('?') ? '&' : '?'}lang=${lang}`;

/** A whole portal page: server-rendered, readable on phones, only same-origin scripts (the CSP). */
export function page(lang: PortalLang, title: string, content: string, signedIn: boolean, script = false): string {
  const t = PORTAL_TEXTS[lang];
  const other = lang === 'en' ? 'zh' : 'en';
  return `<!doctype html>
<html lang="${lang === 'en' ? 'en' : 'zh-CN'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${esc(title)} · ${esc(t.site)}</title><style>${CSS}</style>
${script ? '<script src="/portal/assets/deflect.js" defer></script>' : ''}</head>
<body><header><div class="top"><a class="brand" href="${link(lang, '/portal')}">${esc(t.site)}</a>
<span><a href="?lang=${other}" data-testid="portal-lang">${esc(t.other)}</a>
${signedIn ? ` · <form method="post" action="${link(lang, '/portal/logout')}"><button type="submit">${esc(t.signOut)}</button></form>` : ''}</span></div></header>
<main>${content}</main></body></html>`;
}
