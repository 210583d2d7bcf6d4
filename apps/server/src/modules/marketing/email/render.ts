import sanitizeHtml from 'sanitize-html';

/** {{ contact.name }} or {{ contact.name | 客户 }}: a path into the variables, and what to show when it is empty. */
const PLACEHOLDER = /\{\{\s*([a-zA-Z_]\w*(?:\.[a-zA-Z_]\w*)*)\s*(?:\|\s*([^{}]*?)\s*)?\}\}/g;

export type TemplateVars = Record<string, Record<string, unknown> | string | null>;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** A record value as a person reads it: regions by their names, money by its amount, lists joined. */
function display(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(display).filter(Boolean).join(', ');
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if ('amount' in v) return String(v.amount ?? '');
    if ('province' in v || 'city' in v) return [v.province, v.city, v.district, v.address].filter(Boolean).join(' ');
    return '';
  }
  return String(value);
}

function lookup(vars: TemplateVars, path: string): string {
  let value: unknown = vars;
  for (const part of path.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  return display(value).trim();
}

/** Fills placeholders; in HTML the values (and fallbacks) are escaped, so a contact's name cannot add markup. */
export function fillPlaceholders(text: string, vars: TemplateVars, html: boolean): string {
  return text.replace(PLACEHOLDER, (_, path: string, fallback: string | undefined) => {
    const value = lookup(vars, path) || (fallback ?? '');
    return html ? escapeHtml(value) : value;
  });
}

/** Inline styles e-mail layouts need; values may not load anything (no url()). */
const STYLE_VALUE = [/^[^();]*$/];
const STYLES = ['color', 'background-color', 'font-size', 'font-weight', 'font-style', 'font-family', 'text-align', 'text-decoration', 'line-height', 'padding', 'margin', 'border', 'border-radius', 'width', 'max-width', 'height', 'display', 'vertical-align'];

const TEMPLATE_HTML: sanitizeHtml.IOptions = {
  allowedTags: [...sanitizeHtml.defaults.allowedTags, 'img', 'h1', 'h2', 'span', 'font', 'center'],
  allowedAttributes: {
    '*': ['style', 'align', 'width', 'height', 'bgcolor'],
    a: ['href', 'title', 'target'],
    img: ['src', 'alt', 'title'],
    td: ['colspan', 'rowspan', 'valign'],
    th: ['colspan', 'rowspan', 'valign'],
    table: ['cellpadding', 'cellspacing', 'border'],
  },
  allowedStyles: { '*': Object.fromEntries(STYLES.map((s) => [s, STYLE_VALUE])) },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesByTag: { img: ['http', 'https'] },
};

/** A template body as stored: scripts, event handlers, forms, foreign schemes removed; placeholders kept. */
export function sanitizeTemplateHtml(html: string): string {
  return sanitizeHtml(html, TEMPLATE_HTML);
}

/** Plain-text alternative of a rendered body. */
export function htmlToText(html: string): string {
  const withBreaks = html.replace(/<(br|\/p|\/div|\/h[1-6]|\/li|\/tr)\b[^>]*>/gi, '$&\n').replace(/<a\b[^>]*href="([^"]*)"[^>]*>(.*?)<\/a>/gi, '$2 ($1)');
  const text = sanitizeHtml(withBreaks, { allowedTags: [], allowedAttributes: {} });
  return text.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/[ \t]+/g, ' ').replace(/\n\s*\n\s*/g, '\n\n').trim();
}
