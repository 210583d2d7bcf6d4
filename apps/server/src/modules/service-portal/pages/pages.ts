import type { PortalMessage, PortalTicket } from '../tickets/portal-tickets.js';
import { PORTAL_CATEGORIES } from '../tickets/portal-tickets.js';
import { PORTAL_MAX_FILE_BYTES, PORTAL_MAX_FILES } from '../tickets/portal-uploads.js';
import { PORTAL_TEXTS, type PortalLang } from '../locales/portal-texts.js';
import { esc, link, page, when } from './layout.js';

const notice = (text?: string, error = false) => (text ? `<div class="notice${error ? ' error' : ''}" role="status" data-testid="portal-notice">${esc(text)}</div>` : '');

export function signInPage(lang: PortalLang, message?: string, error = false) {
  const t = PORTAL_TEXTS[lang];
  return page(lang, t.signIn, `<h1>${esc(t.signIn)}</h1>${notice(message, error)}<form class="card" method="post" action="${link(lang, '/portal/login')}">
<label for="email">${esc(t.emailLabel)}</label><input id="email" name="email" type="email" required maxlength="254" autocomplete="email">
<button class="primary" type="submit">${esc(t.sendCode)}</button></form>`, false);
}

export function codePage(lang: PortalLang, email: string, message: string, error = false) {
  const t = PORTAL_TEXTS[lang];
  return page(lang, t.signIn, `<h1>${esc(t.signIn)}</h1>${notice(message, error)}<form class="card" method="post" action="${link(lang, '/portal/verify')}">
<input type="hidden" name="email" value="${esc(email)}"><label for="code">${esc(t.codeLabel)}</label>
<input id="code" name="code" inputmode="numeric" pattern="[0-9]{6}" maxlength="6" required autocomplete="one-time-code">
<button class="primary" type="submit">${esc(t.verify)}</button></form><p><a href="${link(lang, '/portal')}">${esc(t.back)}</a></p>`, false);
}

const status = (lang: PortalLang, s: string) => `<span class="tag">${esc(PORTAL_TEXTS[lang].status[s] ?? s)}</span>`;

export function ticketsPage(lang: PortalLang, tz: string, name: string, tickets: PortalTicket[]) {
  const t = PORTAL_TEXTS[lang];
  const items = tickets
    .map((k) => `<li><span><a href="${link(lang, `/portal/tickets/${k.id}`)}">${esc(k.subject)}</a><br><span class="muted">${esc(k.number)} · ${esc(k.contact_name ?? '')} · ${when(tz, k.updated_at, false)}</span></span>${status(lang, k.status)}</li>`)
    .join('');
  return page(lang, t.myTickets, `<h1>${esc(t.myTickets)}</h1><p class="muted">${esc(name)}</p>
<p><a class="primary" href="${link(lang, '/portal/new')}" data-testid="portal-new">＋ ${esc(t.newTicket)}</a></p>
<div class="card" data-testid="portal-tickets">${items ? `<ul class="list">${items}</ul>` : `<p class="muted">${esc(t.noTickets)}</p>`}</div>`, true);
}

export function newTicketPage(lang: PortalLang) {
  const t = PORTAL_TEXTS[lang];
  const cats = PORTAL_CATEGORIES.map((c) => `<option value="${c}">${esc(t.categories[c])}</option>`).join('');
  return page(lang, t.newTicket, `<h1>${esc(t.newTicket)}</h1><form class="card" method="post" enctype="multipart/form-data" action="${link(lang, '/portal/tickets')}">
<label for="subject">${esc(t.subject)}</label><input id="subject" name="subject" required maxlength="300" autocomplete="off" data-lang="${lang}">
<div id="kb-suggest" aria-live="polite" data-title="${esc(t.maybeHelps)}"></div>
<label for="category">${esc(t.category)}</label><select id="category" name="category">${cats}</select>
<label for="description">${esc(t.description)}</label><textarea id="description" name="description" required maxlength="20000"></textarea>
${fileInput(lang)}<button class="primary" type="submit">${esc(t.submit)}</button></form>`, true, true);
}

export function ticketPage(lang: PortalLang, tz: string, ticket: PortalTicket, messages: PortalMessage[], message?: string) {
  const t = PORTAL_TEXTS[lang];
  const convo = messages
    .map((m) => `<div class="msg ${m.direction}"><div class="muted">${esc(m.direction === 'in' ? (m.author_name ?? t.you) : t.support)} · ${when(tz, m.created_at)}</div>${esc(m.body_text)}${filesOf(lang, ticket.id, m)}</div>`)
    .join('');
  const replyForm =
    ticket.status === 'closed'
      ? `<p class="muted">${esc(t.closed)}</p>`
      : `<form method="post" enctype="multipart/form-data" action="${link(lang, `/portal/tickets/${ticket.id}/reply`)}"><label for="text">${esc(t.reply)}</label><textarea id="text" name="text" required maxlength="20000"></textarea>${fileInput(lang)}<button class="primary" type="submit">${esc(t.send)}</button></form>`;
  const rate = ['solved', 'closed'].includes(ticket.status) ? rateForm(lang, link(lang, `/portal/tickets/${ticket.id}/rating`), ticket.rating ?? undefined, '') : '';
  return page(lang, ticket.subject, `${notice(message)}<h1 data-testid="portal-ticket-subject">${esc(ticket.subject)}</h1><p class="muted" data-testid="portal-ticket-meta">${esc(ticket.number)} ${status(lang, ticket.status)}${ticket.rating ? ` · ${esc(t.yourRating)} ${'★'.repeat(ticket.rating)}` : ''}</p>
<div class="card" data-testid="portal-conversation">${convo}</div>${rate}<div class="card">${replyForm}</div><p><a href="${link(lang, '/portal')}">${esc(t.back)}</a></p>`, true);
}

const fileInput = (lang: PortalLang) =>
  `<label for="files">${esc(PORTAL_TEXTS[lang].attachments)}</label><input id="files" name="files" type="file" multiple data-testid="portal-files"><p class="muted">${esc(PORTAL_TEXTS[lang].attachLimit(PORTAL_MAX_FILES, PORTAL_MAX_FILE_BYTES / 1024 / 1024))}</p>`;

const size = (n: number) => (n < 1024 * 1024 ? `${Math.max(1, Math.round(n / 1024))} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`);
/** A message's files, each a download link (only the contact's own tickets' public replies). */
const filesOf = (lang: PortalLang, ticketId: string, m: PortalMessage) =>
  m.files.length ? `<ul class="files" data-testid="portal-message-files">${m.files.map((f) => `<li>📎 <a href="${link(lang, `/portal/tickets/${ticketId}/files/${f.id}`)}">${esc(f.filename)}</a> <span class="muted">${size(f.size)}</span></li>`).join('')}</ul>` : '';

/** 1–5 stars and a comment; `hidden` carries the survey link's signature when there is no login. */
export function rateForm(lang: PortalLang, action: string, selected: number | undefined, hidden: string) {
  const t = PORTAL_TEXTS[lang];
  const stars = [1, 2, 3, 4, 5].map((r) => `<label><input type="radio" name="rating" value="${r}" required${selected === r ? ' checked' : ''}>${'★'.repeat(r)}</label>`).join('');
  return `<form class="card" method="post" action="${action}">${hidden}<p>${esc(t.rateQ)}</p><div class="stars">${stars}</div>
<label for="comment">${esc(t.comment)}</label><textarea id="comment" name="comment" maxlength="2000"></textarea><button class="primary" type="submit">${esc(t.rate)}</button></form>`;
}

export function surveyPage(lang: PortalLang, ticketId: string, s: string, selected?: number, done?: string) {
  const t = PORTAL_TEXTS[lang];
  const body = done ? notice(done) : rateForm(lang, link(lang, `/portal/rate/${ticketId}`), selected, `<input type="hidden" name="s" value="${esc(s)}">`);
  return page(lang, t.rateQ, `<h1>${esc(t.rateQ)}</h1>${body}`, false);
}

export function messagePage(lang: PortalLang, text: string) {
  return page(lang, text, `${notice(text, true)}<p><a href="${link(lang, '/portal')}">${esc(PORTAL_TEXTS[lang].back)}</a></p>`, false);
}
