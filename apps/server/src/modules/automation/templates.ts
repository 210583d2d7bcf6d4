import type { DisplayOptions } from './format-value.js';
import type { PathReader } from './record-paths.js';

const PLACEHOLDER = /\{\{\s*([\w.]+)\s*\}\}/g;

/** Field paths used by a template such as `{{customer.name}} 续约`. */
export function templatePaths(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]);
}

function display(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'object') return Object.values(value as Record<string, unknown>).filter(Boolean).join(' ');
  return String(value);
}

/**
 * Fills {{path}} placeholders from the record and its related records; unknown or empty values
 * become ''. With display options (messages to people) values read as people read them: option
 * labels, times in the install's time zone, names of related records, in the recipient's language.
 */
export async function renderTemplate(template: string, reader: PathReader, options?: DisplayOptions): Promise<string> {
  let out = '';
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    out += template.slice(last, match.index) + (options ? await reader.display(match[1], options) : display(await reader.value(match[1])));
    last = match.index! + match[0].length;
  }
  return out + template.slice(last);
}
