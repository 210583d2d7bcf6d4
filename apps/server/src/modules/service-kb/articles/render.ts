import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

// Raw HTML in Markdown is allowed (pasted rich text), and everything is sanitised afterwards.
const markdown = new MarkdownIt({ html: true, linkify: true, breaks: true });

const ALLOWED: sanitizeHtml.IOptions = {
  allowedTags: [...sanitizeHtml.defaults.allowedTags, 'img', 'h1', 'h2', 'del', 'ins', 'kbd'],
  allowedAttributes: { a: ['href', 'title'], img: ['src', 'alt', 'title', 'width', 'height'], code: ['class'], th: ['align'], td: ['align'] },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener nofollow ugc' }) },
};

/** The article body (Markdown, possibly with HTML) as safe HTML. */
export function renderBody(body: string | null | undefined): string {
  return sanitizeHtml(markdown.render(body ?? ''), { ...ALLOWED, allowedAttributes: { ...ALLOWED.allowedAttributes, a: ['href', 'title', 'rel'] } });
}

/** Plain text of the body, whitespace collapsed: excerpts, meta descriptions, "insert text". */
export function plainText(body: string | null | undefined): string {
  return sanitizeHtml(markdown.render(body ?? ''), { allowedTags: [], allowedAttributes: {} }).replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/\s+/g, ' ').trim();
}

export function excerpt(body: string | null | undefined, max = 160): string {
  const text = plainText(body);
  return text.length <= max ? text : `${[...text].slice(0, max - 1).join('')}…`;
}
