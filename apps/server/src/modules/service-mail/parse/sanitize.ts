import sanitizeHtml from 'sanitize-html';

/**
 * Mail HTML reduced to what a ticket view may show: formatting, links and tables, no script,
 * style, forms, event handlers or remote images (tracking pixels); cid: images stay as alt text.
 */
export function sanitizeMailHtml(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: [...sanitizeHtml.defaults.allowedTags, 'font', 'span', 'center'],
    allowedAttributes: { a: ['href', 'title', 'rel', 'target'], td: ['colspan', 'rowspan'], th: ['colspan', 'rowspan'], font: ['color'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer', target: '_blank' }) },
    exclusiveFilter: (frame) => frame.tag === 'a' && !frame.text.trim(),
  }).trim();
}
