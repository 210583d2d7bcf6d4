import type { ObjectMetadata } from '@crm/schema';
import { pinyin } from 'pinyin-pro';

/*
 * Search works on a tsvector of exact lexemes we compute ourselves, because neither PostgreSQL's
 * parsers nor pg_trgm handle short Chinese queries (a 2-character query yields no trigram):
 * - Chinese runs are indexed as single characters and bigrams, so 张伟 or 科技 match inside longer names;
 * - each position of a Chinese run also gets the pinyin and the initials from there to the end,
 *   so a prefix query 'zhangwei':* or 'zw':* finds 张伟 anywhere in a name;
 * - words, whole emails and phone digits (with their suffixes) are indexed for prefix queries.
 */

const HAN = /\p{Script=Han}/u;
const HAN_RUN = /\p{Script=Han}+/gu;
const WORD = /[\p{L}\p{N}]+/gu;
const MAX_LEXEME = 60;
const MAX_PINYIN_SUFFIXES = 24;

function normalize(text: string): string {
  // PostgreSQL text cannot hold NUL.
  return text.normalize('NFKC').toLowerCase().replace(/\0/g, '');
}

/** At most MAX_LEXEME characters, cut between code points (a cut surrogate pair is not text). */
function clip(text: string): string {
  return text.length <= MAX_LEXEME ? text : [...text].slice(0, MAX_LEXEME).join('');
}

function addPinyinSuffixes(syllables: string[], out: Set<string>) {
  for (let i = 0; i < syllables.length && i < MAX_PINYIN_SUFFIXES; i++) {
    const rest = syllables.slice(i);
    out.add(clip(rest.join('')));
    out.add(clip(rest.map((s) => s[0]).join('')));
  }
}

function addHanRun(run: string, out: Set<string>) {
  const chars = [...run];
  for (let i = 0; i < chars.length; i++) {
    out.add(chars[i]);
    if (i + 1 < chars.length) out.add(chars[i] + chars[i + 1]);
  }
  const options = { toneType: 'none', type: 'array', nonZh: 'removed', v: true } as const;
  const plain = pinyin(run, options);
  if (plain.length !== chars.length) return;
  addPinyinSuffixes(plain, out);
  // Surnames read differently (单 shan, 曾 zeng, 解 xie): index that reading too.
  const surname = pinyin(run, { ...options, surname: 'head' });
  if (surname.length === chars.length && surname[0] !== plain[0]) addPinyinSuffixes(surname.slice(0, 2), out);
}

// Pinyin is most of the cost of indexing a record, and names and companies repeat a lot (imports
// of a million contacts): the lexemes of each Chinese run are remembered, up to a bound.
const HAN_CACHE_MAX = 50_000;
const hanCache = new Map<string, string[]>();
function hanRunLexemes(run: string): string[] {
  let lexemes = hanCache.get(run);
  if (!lexemes) {
    const out = new Set<string>();
    addHanRun(run, out);
    lexemes = [...out];
    if (hanCache.size >= HAN_CACHE_MAX) hanCache.clear();
    hanCache.set(run, lexemes);
  }
  return lexemes;
}

function addDigits(text: string, out: Set<string>) {
  const digits = text.replace(/\D/g, '');
  if (digits.length < 5 || digits.length > 20) return;
  for (let i = 0; i + 4 <= digits.length; i++) out.add(digits.slice(i));
}

/** Lexemes of a record (API values by field name) from the object's live searchable fields. */
export function recordLexemes(meta: ObjectMetadata, record: Record<string, unknown>): string[] {
  return searchLexemes(meta.fields.filter((f) => f.searchable && !f.archived).map((f) => record[f.name]));
}

/** Lexemes for the searchable values of one record. */
export function searchLexemes(values: unknown[]): string[] {
  const out = new Set<string>();
  for (const value of values) {
    if (value === null || value === undefined) continue;
    const text = normalize(Array.isArray(value) ? value.join(' ') : String(value));
    if (!text.trim()) continue;
    for (const run of text.match(HAN_RUN) ?? []) for (const lexeme of hanRunLexemes(run)) out.add(lexeme);
    for (const word of text.replace(HAN_RUN, ' ').match(WORD) ?? []) out.add(clip(word));
    if (text.includes('@')) {
      const email = text.trim();
      out.add(clip(email));
      out.add(clip(email.split('@')[0]));
    }
    if (/^[\d\s()+\-]+$/.test(text.trim())) addDigits(text, out);
  }
  // PostgreSQL refuses an empty lexeme ("@1" has an empty local part).
  out.delete('');
  return [...out];
}

function quote(lexeme: string, prefix: boolean): string {
  return `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'${prefix ? ':*' : ''}`;
}

/** A tsquery (as text, cast with ::tsquery) for what a user typed, or null if nothing is searchable. */
export function searchQuery(input: string): string | null {
  const text = normalize(input).trim().slice(0, 100);
  if (!text) return null;
  // Someone typing an '@' is after an email: match it as a prefix of whole emails only, or
  // "zhang.wei@" would also find everyone whose name's pinyin contains zhang and wei.
  if (text.includes('@') && !/\s/.test(text) && !HAN.test(text)) return quote(clip(text), true);
  const parts: string[] = [];
  for (const run of text.match(HAN_RUN) ?? []) {
    const chars = [...run];
    if (chars.length === 1) parts.push(quote(chars[0], false));
    for (let i = 0; i + 1 < chars.length; i++) parts.push(quote(chars[i] + chars[i + 1], false));
  }
  const rest = text.replace(HAN_RUN, ' ');
  if (/^[\d\s()+\-]+$/.test(rest.trim()) && rest.replace(/\D/g, '').length >= 4) {
    parts.push(quote(rest.replace(/\D/g, ''), true));
  } else {
    for (const word of rest.match(WORD) ?? []) parts.push(quote(clip(word), true));
  }
  if (!parts.length) return null;
  const words = parts.join(' & ');
  // "zhang.wei@acme" should also match the whole email as one prefix.
  const whole = !HAN.test(text) && /[@.\-_+]/.test(text) ? quote(clip(text), true) : null;
  return whole ? `(${words}) | ${whole}` : words;
}
