import type { Engine } from '../../../engine/index.js';
import type { AccessContext } from '../../../engine/permissions/access.js';
import { escapeHtml, fillPlaceholders, htmlToText, type TemplateVars } from './render.js';
import { openPath, trackLinks, unsubscribePath } from './tracking.js';

export interface MarketingTemplate {
  subject_zh: string;
  body_zh: string;
  subject_en: string | null;
  body_en: string | null;
}

export type MailLocale = 'zh' | 'en';

/**
 * The variables of one recipient, read with ctx's permissions: the contact, its customer, and
 * {{coupon_code}}, the latest coupon issued to the contact, else to its customer (the
 * issue_coupon automation action writes it there).
 */
export async function recipientVars(engine: Engine, contactId: string, ctx: AccessContext): Promise<TemplateVars> {
  const contact = await engine.records.get('contacts', contactId, ctx);
  const customerId = typeof contact.customer_id === 'string' ? contact.customer_id : null;
  const customer = customerId ? await engine.records.get('customers', customerId, ctx).catch(() => null) : null;
  const coupon = (contact.latest_coupon_code as string | null | undefined) || (customer?.latest_coupon_code as string | null | undefined) || null;
  return { contact, customer, coupon_code: coupon };
}

/** A lead reads like a contact in a template: {{contact.name}}, and {{customer.name}} is its company. */
const leadVars = (lead: Record<string, unknown>): TemplateVars => ({ contact: lead, lead, customer: lead.company ? { name: lead.company } : null });

/** Records by id, read through the engine (display values as in the API), at most 500 per call. */
async function byId(engine: Engine, object: string, ids: string[], ctx: AccessContext) {
  if (!ids.length) return new Map<string, Record<string, unknown>>();
  const { data } = await engine.records.list(object, { filter: { field: 'id', op: 'in', value: ids }, limit: ids.length }, ctx);
  return new Map(data.map((r) => [r.id as string, r as Record<string, unknown>]));
}

/**
 * The variables of a batch of recipients in a few queries (contacts, their customers, leads),
 * keyed by recipient id; a person no longer there has none (the worker skips them).
 */
export async function batchVars(engine: Engine, people: { id: string; contact_id: string | null; lead_id: string | null }[], ctx: AccessContext) {
  const [contacts, leads] = await Promise.all([
    byId(engine, 'contacts', people.flatMap((p) => (p.contact_id ? [p.contact_id] : [])), ctx),
    byId(engine, 'leads', people.flatMap((p) => (p.lead_id ? [p.lead_id] : [])), ctx),
  ]);
  const customerIds = [...new Set([...contacts.values()].flatMap((c) => (typeof c.customer_id === 'string' ? [c.customer_id] : [])))];
  const customers = await byId(engine, 'customers', customerIds, ctx);
  const vars = new Map<string, TemplateVars>();
  for (const p of people) {
    const contact = p.contact_id ? contacts.get(p.contact_id) : undefined;
    const lead = p.lead_id ? leads.get(p.lead_id) : undefined;
    if (contact) vars.set(p.id, { contact, customer: (typeof contact.customer_id === 'string' && customers.get(contact.customer_id)) || null });
    else if (lead) vars.set(p.id, leadVars(lead));
  }
  return vars;
}

const FOOTER = {
  zh: (link: string) => `<p style="color:#888888;font-size:12px">如不想再收到此类邮件，请<a href="${link}">点击退订</a>。</p>`,
  en: (link: string) => `<p style="color:#888888;font-size:12px">Don't want these e-mails? <a href="${link}">Unsubscribe</a>.</p>`,
};

interface Tracking {
  base: string;
  recipientId: string;
  secret: string;
}

/**
 * Subject, HTML and text for one recipient in the send's language (English falls back to Chinese
 * where the template has none). With tracking: links through the signed click redirect, an open
 * pixel, and the unsubscribe link ({{unsubscribe_url}} where the template puts it, else a footer).
 * Without (preview, test send): links stay as they are and the unsubscribe link points nowhere.
 */
export function composeMail(template: MarketingTemplate, locale: MailLocale, vars: TemplateVars, tracking: Tracking | null) {
  const en = locale === 'en' && !!template.body_en?.trim();
  const subjectText = en && template.subject_en?.trim() ? template.subject_en : template.subject_zh;
  const bodyHtml = en ? template.body_en! : template.body_zh;
  const unsubscribeUrl = tracking ? `${tracking.base}${unsubscribePath(tracking.recipientId, tracking.secret)}` : '#';
  const all = { ...vars, unsubscribe_url: unsubscribeUrl };
  let html = fillPlaceholders(bodyHtml, all, true);
  if (!/\{\{\s*unsubscribe_url/.test(bodyHtml)) html += FOOTER[en ? 'en' : 'zh'](escapeHtml(unsubscribeUrl));
  if (tracking) {
    html = trackLinks(html, tracking.base, tracking.recipientId, tracking.secret);
    html += `<img src="${escapeHtml(`${tracking.base}${openPath(tracking.recipientId, tracking.secret)}`)}" width="1" height="1" alt="" style="display:block;border:0">`;
  }
  const subject = fillPlaceholders(subjectText, all, false).replace(/\s+/g, ' ').trim();
  return { subject, html, text: htmlToText(html.replace(/<img\b[^>]*>/gi, '')), unsubscribeUrl };
}
