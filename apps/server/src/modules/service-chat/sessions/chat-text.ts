import sanitizeHtml from 'sanitize-html';
import { z } from 'zod';

export const MAX_MESSAGE = 2000;

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/**
 * A chat message as plain text: markup dropped (a pasted page or a <script> leaves its words only),
 * control and bidi-override characters removed, blank runs folded. Both ends show it as text, never
 * as HTML, so what remains cannot run.
 */
export function chatText(raw: string): string {
  const stripped = sanitizeHtml(raw, { allowedTags: [], allowedAttributes: {}, disallowedTagsMode: 'discard', nonTextTags: ['script', 'style', 'textarea', 'noscript', 'title'] }).replace(/&(amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]);
  return stripped
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** A message body: at most 2,000 characters as sent, not empty after cleaning. */
export const messageText = z
  .string()
  .max(MAX_MESSAGE)
  .transform(chatText)
  .refine((v) => v.length > 0, 'must not be empty');
