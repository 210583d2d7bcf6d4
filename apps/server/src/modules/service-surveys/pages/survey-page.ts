import { esc } from '../../service-kb/help/layout.js';
import { SURVEY_TEXTS, type SurveyLang } from '../locales/survey-texts.js';
import type { Answer, Question } from '../surveys/questions.js';

const CSS = `
*{box-sizing:border-box}body{margin:0;font:16px/1.6 -apple-system,BlinkMacSystemFont,"Segoe UI","PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:#1f2328;background:#f6f8fa}
header{background:#1677ff;color:#fff;padding:14px 16px}header a{color:#fff;text-decoration:none}.top,main{max-width:720px;margin:0 auto}
.top{display:flex;justify-content:flex-end}main{padding:18px 16px 48px}h1{font-size:22px;margin:0 0 8px;overflow-wrap:anywhere}
.intro{color:#4b5563;white-space:pre-wrap;margin:0 0 16px}
fieldset{background:#fff;border:1px solid #e5e7eb;border-radius:8px;padding:14px 16px;margin:0 0 12px;min-width:0}
fieldset.bad{border-color:#ff4d4f}legend{float:left;width:100%;padding:0;margin-bottom:8px;font-weight:600;overflow-wrap:anywhere}
.req{color:#cf1322;font-weight:400;font-size:13px;margin-left:6px}.err{color:#cf1322;font-size:14px;margin:6px 0 0}
.scale,.choice,.ends,fieldset textarea{clear:both}.scale{display:flex;flex-wrap:wrap;gap:6px}.scale label{position:relative}.scale input{position:absolute;opacity:0;inset:0}
.scale span{display:inline-flex;align-items:center;justify-content:center;min-width:40px;height:40px;border:1px solid #d0d7de;border-radius:6px;background:#fff;cursor:pointer}
.scale input:checked+span{background:#1677ff;border-color:#1677ff;color:#fff}.scale input:focus-visible+span{outline:2px solid #0958d9}
.ends{display:flex;justify-content:space-between;color:#6b7280;font-size:13px;margin-top:4px;gap:8px}
.choice label{display:flex;gap:8px;align-items:flex-start;padding:6px 0;overflow-wrap:anywhere}.choice input{margin-top:5px}
textarea{width:100%;min-height:96px;padding:9px 10px;border:1px solid #d0d7de;border-radius:6px;font:inherit}
button{padding:10px 22px;border:0;border-radius:6px;background:#1677ff;color:#fff;font-size:16px;cursor:pointer}
.notice{padding:10px 12px;background:#f6ffed;border:1px solid #b7eb8f;border-radius:6px;margin-bottom:12px}.notice.error{background:#fff2f0;border-color:#ffccc7}
@media (max-width:480px){.scale span{min-width:36px;height:38px}main{padding:14px 12px 40px}}
`;

/** A bare page (no login, no script), readable on phones; links to the other language keep the signature. */
export function surveyShell(lang: SurveyLang, title: string, content: string, otherHref?: string) {
  const t = SURVEY_TEXTS[lang];
  return `<!doctype html>
<html lang="${lang === 'en' ? 'en' : 'zh-CN'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${esc(title)}</title><style>${CSS}</style></head>
<body><header><div class="top">${otherHref ? `<a href="${esc(otherHref)}" data-testid="survey-lang">${esc(t.other)}</a>` : ''}</div></header><main>${content}</main></body></html>`;
}

export const noticeBox = (text: string, error = false) => `<div class="notice${error ? ' error' : ''}" role="status" data-testid="survey-notice">${esc(text)}</div>`;

function scale(q: Question, from: number, to: number, chosen: number | null, lo: string, hi: string) {
  const boxes = Array.from({ length: to - from + 1 }, (_, i) => from + i)
    .map((n) => `<label><input type="radio" name="q_${q.id}" value="${n}"${chosen === n ? ' checked' : ''}${q.required ? ' required' : ''}><span>${n}</span></label>`)
    .join('');
  return `<div class="scale" role="radiogroup">${boxes}</div><div class="ends"><span>${esc(lo)}</span><span>${esc(hi)}</span></div>`;
}

function input(lang: SurveyLang, q: Question, a: Answer | undefined) {
  const t = SURVEY_TEXTS[lang];
  if (q.type === 'rating') return scale(q, 1, 5, a?.number ?? null, t.ratingLow, t.ratingHigh);
  if (q.type === 'nps') return scale(q, 0, 10, a?.number ?? null, t.npsLow, t.npsHigh);
  if (q.type === 'text') return `<textarea name="q_${q.id}" maxlength="5000"${q.required ? ' required' : ''} aria-label="${esc(q.label[lang])}">${esc(a?.text ?? '')}</textarea>`;
  const kind = q.type === 'single' ? 'radio' : 'checkbox';
  const chosen = new Set(a?.choices ?? []);
  const items = (q.options ?? []).map((o) => `<label><input type="${kind}" name="q_${q.id}" value="${esc(o.value)}"${chosen.has(o.value) ? ' checked' : ''}${q.required && kind === 'radio' ? ' required' : ''}>${esc(o.label[lang])}</label>`).join('');
  return `<div class="choice">${items}</div>`;
}

export interface SurveyForm {
  lang: SurveyLang;
  action: string;
  otherHref: string;
  title: string;
  intro: string;
  questions: Question[];
  answers: Map<string, Answer>;
  errors: Map<string, string>;
  notice?: { text: string; error?: boolean };
  answered: boolean;
}

/** The questionnaire: one fieldset per question, errors beside their question. */
export function surveyFormPage(f: SurveyForm) {
  const t = SURVEY_TEXTS[f.lang];
  const fields = f.questions
    .map((q, i) => {
      const error = f.errors.get(q.id);
      return `<fieldset${error ? ' class="bad"' : ''} data-testid="survey-q-${esc(q.id)}"><legend>${i + 1}. ${esc(q.label[f.lang])}${q.required ? `<span class="req">${esc(t.required)}</span>` : ''}</legend>
${input(f.lang, q, f.answers.get(q.id))}${error ? `<p class="err">${esc(error)}</p>` : ''}</fieldset>`;
    })
    .join('');
  const top = f.notice ? noticeBox(f.notice.text, f.notice.error) : f.answered ? noticeBox(t.answered) : '';
  return surveyShell(
    f.lang,
    f.title,
    `<h1 data-testid="survey-title">${esc(f.title)}</h1>${f.intro ? `<p class="intro">${esc(f.intro)}</p>` : ''}${top}
<form method="post" action="${esc(f.action)}" data-testid="survey-form">${fields}<button type="submit" data-testid="survey-submit">${esc(f.answered ? t.update : t.submit)}</button></form>`,
    f.otherHref,
  );
}
