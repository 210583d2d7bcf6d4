import type { FieldDefinition, ObjectMetadata } from '@crm/schema';
import type { WebForm } from './form-definition.js';
import { UTM_KEYS } from './lead-fields.js';
import { HONEYPOT } from './submit-form.js';

export type FormLocale = 'zh' | 'en';

const escape = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const INPUT_TYPES: Partial<Record<FieldDefinition['type'], string>> = { email: 'email', phone: 'tel', url: 'url', integer: 'number', decimal: 'number', date: 'date' };

const TEXT = {
  zh: { submit: '提交', sending: '提交中…', thanks: '感谢您的提交，我们会尽快与您联系。', required: '必填', error: '请检查以下内容：', failed: '提交失败，请稍后再试。' },
  en: { submit: 'Submit', sending: 'Sending…', thanks: 'Thank you! We will be in touch soon.', required: 'required', error: 'Please check:', failed: 'Could not send the form; please try again later.' },
};

export const thankYou = (form: WebForm, locale: FormLocale) => (locale === 'en' ? form.thank_you_en : form.thank_you_zh) || TEXT[locale].thanks;

function control(def: FieldDefinition, name: string, required: boolean, locale: FormLocale): string {
  const req = required ? ' required' : '';
  const id = `crm-f-${name}`;
  switch (def.type) {
    case 'long_text':
      return `<textarea id="${id}" name="${name}" rows="4"${req}></textarea>`;
    case 'select':
      return `<select id="${id}" name="${name}"${req}><option value=""></option>${(def.options ?? []).map((o) => `<option value="${escape(o.value)}">${escape(o.label[locale])}</option>`).join('')}</select>`;
    case 'multi_select':
      return (def.options ?? []).map((o) => `<label class="crm-check"><input type="checkbox" name="${name}" value="${escape(o.value)}"> ${escape(o.label[locale])}</label>`).join('');
    case 'boolean':
      return `<label class="crm-check"><input type="checkbox" id="${id}" name="${name}" value="true"${req}></label>`;
    default: {
      const step = def.type === 'decimal' ? ' step="any"' : '';
      return `<input id="${id}" name="${name}" type="${INPUT_TYPES[def.type] ?? 'text'}"${step}${req}>`;
    }
  }
}

/** The form's markup: the same for the hosted page (posted form-encoded) and the embed (sent as JSON by embed.js). */
export function formMarkup(meta: ObjectMetadata, form: WebForm, locale: FormLocale, action: string, hidden: Record<string, string | null> = {}): string {
  const t = TEXT[locale];
  const title = locale === 'en' ? form.title_en : form.title_zh;
  const rows = form.fields
    .map((f) => {
      const def = meta.fields.find((d) => d.name === f.field && !d.archived);
      if (!def) return '';
      const label = locale === 'en' ? f.labelEn : f.labelZh;
      const mark = f.required ? ` <span class="crm-req" title="${t.required}">*</span>` : '';
      return `<div class="crm-row" data-field="${f.field}"><label for="crm-f-${f.field}">${escape(label)}${mark}</label>${control(def, f.field, f.required, locale)}<div class="crm-err"></div></div>`;
    })
    .join('');
  const hiddenInputs = ['lang', 'page_url', 'referrer', ...UTM_KEYS].map((k) => `<input type="hidden" name="${k}" value="${escape(k === 'lang' ? locale : hidden[k])}">`).join('');
  // Off-screen, not display:none (some bots skip hidden inputs), out of the tab order, no autofill.
  const honeypot = `<div aria-hidden="true" style="position:absolute;left:-10000px;top:auto;width:1px;height:1px;overflow:hidden"><input type="text" name="${HONEYPOT}" tabindex="-1" autocomplete="off"></div>`;
  return `<form class="crm-form" method="post" action="${escape(action)}">${title ? `<h2>${escape(title)}</h2>` : ''}<div class="crm-status" role="alert"></div>${rows}${hiddenInputs}${honeypot}<button type="submit">${t.submit}</button></form>`;
}

export const FORM_CSS = `.crm-form{font-family:-apple-system,"PingFang SC","Microsoft YaHei","WenQuanYi Zen Hei",sans-serif;max-width:480px;position:relative}
.crm-form h2{font-size:20px;margin:0 0 16px}.crm-row{margin-bottom:12px}.crm-row>label{display:block;margin-bottom:4px;font-size:14px;color:#333}
.crm-form input:not([type=checkbox]),.crm-form select,.crm-form textarea{box-sizing:border-box;width:100%;padding:8px;border:1px solid #d9d9d9;border-radius:6px;font-size:14px}
.crm-check{display:inline-block;margin-right:12px;font-size:14px}.crm-req{color:#ff4d4f}.crm-err{color:#ff4d4f;font-size:12px;min-height:0}
.crm-status{color:#ff4d4f;font-size:14px;margin-bottom:8px}.crm-form button{background:#1677ff;color:#fff;border:0;border-radius:6px;padding:8px 24px;font-size:14px;cursor:pointer}
.crm-form button[disabled]{opacity:.6}.crm-thanks{font-size:16px;color:#389e0d;padding:16px 0}`;

/** The hosted page: a plain HTML page that works without JavaScript (the form posts form-encoded). */
export function hostedPage(meta: ObjectMetadata, form: WebForm, locale: FormLocale, action: string, hidden: Record<string, string | null>): string {
  const title = (locale === 'en' ? form.title_en : form.title_zh) || form.name;
  return `<!doctype html><html lang="${locale === 'en' ? 'en' : 'zh-CN'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escape(title)}</title><style>body{margin:0;padding:32px 16px;background:#f5f5f5}main{background:#fff;max-width:520px;margin:0 auto;padding:24px;border-radius:8px}${FORM_CSS}</style></head>
<body><main>${formMarkup(meta, form, locale, action, hidden)}</main></body></html>`;
}

/** The page shown after a form-encoded post (hosted page without JavaScript). */
export function messagePage(message: string, locale: FormLocale, ok: boolean, details: string[] = []): string {
  const list = details.length ? `<ul>${details.map((d) => `<li>${escape(d)}</li>`).join('')}</ul><p><a href="javascript:history.back()">${locale === 'en' ? 'Back' : '返回修改'}</a></p>` : '';
  return `<!doctype html><html lang="${locale === 'en' ? 'en' : 'zh-CN'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escape(message)}</title>
<style>body{margin:0;padding:32px 16px;background:#f5f5f5;font-family:sans-serif}main{background:#fff;max-width:520px;margin:0 auto;padding:24px;border-radius:8px}</style></head>
<body><main><p class="${ok ? 'crm-thanks' : 'crm-status'}">${escape(message)}</p>${list}</main></body></html>`;
}

/**
 * embed.js: renders the form into `<div data-crm-form="TOKEN">` on any site and sends it as JSON
 * (CORS) with the host page's URL, referrer and UTM parameters. Self-contained, no dependencies.
 */
export function embedScript(meta: ObjectMetadata, form: WebForm, submitUrl: string): string {
  const config = {
    token: form.token,
    submitUrl,
    css: FORM_CSS,
    markup: { zh: formMarkup(meta, form, 'zh', submitUrl), en: formMarkup(meta, form, 'en', submitUrl) },
    text: TEXT,
    utm: UTM_KEYS,
  };
  // A relative submitUrl is resolved against the script's own src (the CRM server), not the host page.
  return `(function(){var S=document.currentScript,C=${JSON.stringify(config).replace(/</g, '\\u003c')},U=new URL(C.submitUrl,(S&&S.src)||location.href).href;
function init(box){if(box.getAttribute('data-crm-ready'))return;box.setAttribute('data-crm-ready','1');
var lang=box.getAttribute('data-lang')||((navigator.language||'').toLowerCase().indexOf('en')===0?'en':'zh');if(lang!=='en')lang='zh';var T=C.text[lang];
if(!document.getElementById('crm-form-css')){var st=document.createElement('style');st.id='crm-form-css';st.textContent=C.css;document.head.appendChild(st);}
box.innerHTML=C.markup[lang];var f=box.querySelector('form'),q=new URLSearchParams(location.search);f.setAttribute('action',U);
f.elements.page_url.value=location.href;f.elements.referrer.value=document.referrer||'';C.utm.forEach(function(k){f.elements[k].value=q.get(k)||'';});
f.addEventListener('submit',function(e){e.preventDefault();var body={},fd=new FormData(f);fd.forEach(function(v,k){if(k in body){body[k]=[].concat(body[k],v);}else body[k]=v;});
try{var vid=window.crm&&window.crm.visitorId?window.crm.visitorId():null;if(vid)body.visitor_id=vid;}catch(x){}
var btn=f.querySelector('button');btn.disabled=true;btn.textContent=T.sending;var status=f.querySelector('.crm-status');status.textContent='';f.querySelectorAll('.crm-err').forEach(function(x){x.textContent='';});
fetch(U,{method:'POST',headers:{'content-type':'application/json'},body:JSON.stringify(body)}).then(function(r){return r.json().then(function(j){return{ok:r.ok,j:j};});}).then(function(res){
btn.disabled=false;btn.textContent=T.submit;if(res.ok){var d=res.j.data||{};if(d.redirectUrl){location.href=d.redirectUrl;return;}var p=document.createElement('p');p.className='crm-thanks';p.textContent=lang==='en'?d.messageEn:d.messageZh;box.replaceChildren(p);return;}
var err=res.j.error||{};status.textContent=T.error+' '+(err.message||'');(err.details||[]).forEach(function(d){var row=box.querySelector('[data-field="'+d.path+'"] .crm-err');if(row)row.textContent=d.message;});
}).catch(function(){btn.disabled=false;btn.textContent=T.submit;status.textContent=T.failed;});});}
function run(){var boxes=document.querySelectorAll('[data-crm-form="'+C.token+'"]');if(!boxes.length){var s=S;if(s){var d=document.createElement('div');d.setAttribute('data-crm-form',C.token);s.parentNode.insertBefore(d,s);boxes=[d];}}
Array.prototype.forEach.call(boxes,init);}
if(document.readyState==='loading')document.addEventListener('DOMContentLoaded',run);else run();})();
`;
}
