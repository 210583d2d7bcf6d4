import iconv from 'iconv-lite';
import chardet from 'chardet';

/** One property line of a card: `item1.TEL;TYPE=CELL;PREF:+86 138…` → group item1, name TEL. */
export interface VCardProperty {
  group: string | null;
  name: string;
  /** Parameter names upper-cased; a vCard 2.1 bare parameter (TEL;CELL) is a TYPE. */
  params: Record<string, string[]>;
  /** The value with its transfer encoding and charset decoded, still escaped (\; \, \n). */
  value: string;
}

export interface VCard {
  version: string;
  properties: VCardProperty[];
}

/**
 * Reads .vcf files as phones and mail clients really write them: vCard 2.1, 3.0 and 4.0, CRLF or
 * LF, folded lines, quoted-printable values with soft line breaks and a CHARSET (Android, Outlook),
 * bare 2.1 parameters, grouped properties (iPhone's item1.EMAIL), and files in UTF-8 or a legacy
 * encoding such as GB18030. ical.js only reads well-formed 3.0/4.0 (it rejects 2.1 parameters and
 * quoted-printable continuation lines), hence this small tolerant reader.
 */
export function parseVCards(input: Buffer | string): VCard[] {
  const text = typeof input === 'string' ? input : decodeFile(input);
  const cards: VCard[] = [];
  let current: VCard | null = null;
  let depth = 0;
  for (const line of unfold(text)) {
    const property = parseLine(line);
    if (!property) continue;
    const upper = property.value.trim().toUpperCase();
    if (property.name === 'BEGIN' && upper === 'VCARD') {
      depth++;
      if (depth === 1) current = { version: '3.0', properties: [] };
      continue;
    }
    if (property.name === 'END' && upper === 'VCARD') {
      depth--;
      if (depth === 0 && current) cards.push(current);
      if (depth <= 0) {
        depth = 0;
        current = null;
      }
      continue;
    }
    // Properties of an embedded card (2.1 AGENT) are not the outer contact's.
    if (!current || depth !== 1) continue;
    if (property.name === 'VERSION') current.version = property.value.trim();
    else current.properties.push(property);
  }
  return cards;
}

function decodeFile(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    const detected = chardet.detect(bytes);
    const encoding = detected && iconv.encodingExists(detected) ? detected : 'gb18030';
    return iconv.decode(bytes, /^(GB2312|GBK)$/i.test(encoding) ? 'gb18030' : encoding);
  }
}

/**
 * Joins folded lines (a continuation starts with a space or tab) and quoted-printable soft line
 * breaks (a QP line ending in '='; Outlook does not indent the next line).
 */
function* unfold(text: string): Generator<string> {
  let pending: string | null = null;
  for (const raw of text.split(/\r\n|\r|\n/)) {
    if (pending !== null && /^[ \t]/.test(raw)) {
      pending += raw.slice(1);
      continue;
    }
    if (pending !== null && isQuotedPrintable(pending) && pending.endsWith('=')) {
      pending = pending.slice(0, -1) + raw;
      continue;
    }
    if (pending !== null) yield pending;
    pending = raw;
  }
  if (pending !== null) yield pending;
}

function isQuotedPrintable(line: string): boolean {
  const head = line.slice(0, colonIndex(line));
  return /;(ENCODING=)?QUOTED-PRINTABLE/i.test(head);
}

/** The colon that ends name and parameters (a quoted parameter value may contain one). */
function colonIndex(line: string): number {
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '"') quoted = !quoted;
    else if (line[i] === ':' && !quoted) return i;
  }
  return -1;
}

function parseLine(line: string): VCardProperty | null {
  const colon = colonIndex(line);
  if (colon <= 0) return null;
  const [nameWithGroup, ...rawParams] = splitUnquoted(line.slice(0, colon), ';');
  const dot = nameWithGroup.lastIndexOf('.');
  const name = nameWithGroup.slice(dot + 1).trim().toUpperCase();
  if (!/^[A-Z0-9-]+$/.test(name)) return null;
  const params: Record<string, string[]> = {};
  for (const raw of rawParams) {
    const eq = raw.indexOf('=');
    const key = (eq < 0 ? 'TYPE' : raw.slice(0, eq)).trim().toUpperCase();
    const bare = eq < 0 ? raw : raw.slice(eq + 1);
    // A bare QUOTED-PRINTABLE / BASE64 / charset in 2.1 is an encoding, not a type.
    const target = eq < 0 && /^(QUOTED-PRINTABLE|BASE64|B|8BIT|7BIT)$/i.test(bare) ? 'ENCODING' : key;
    const values = splitUnquoted(bare, ',').map((v) => v.replace(/^"|"$/g, '').trim()).filter(Boolean);
    (params[target] ??= []).push(...values);
  }
  let value = line.slice(colon + 1);
  if (params.ENCODING?.some((e) => /^QUOTED-PRINTABLE$/i.test(e))) {
    value = iconv.decode(quotedPrintableBytes(value), charsetOf(params));
  }
  return { group: dot > 0 ? nameWithGroup.slice(0, dot) : null, name, params, value };
}

function charsetOf(params: Record<string, string[]>): string {
  const charset = params.CHARSET?.[0] ?? 'utf-8';
  if (/^(GB2312|GBK)$/i.test(charset)) return 'gb18030';
  return iconv.encodingExists(charset) ? charset : 'utf-8';
}

function quotedPrintableBytes(text: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const hex = text.slice(i + 1, i + 3);
    if (text[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(text[i], 'utf8'));
    }
  }
  return Buffer.from(bytes);
}

function splitUnquoted(text: string, separator: string): string[] {
  const parts: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"') quoted = !quoted;
    else if (text[i] === separator && !quoted) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** Splits a structured value (N, ADR, ORG) on unescaped ';' and unescapes each part. */
export function components(value: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < value.length; i++) {
    if (value[i] === '\\' && i + 1 < value.length) {
      current += value[i] + value[i + 1];
      i++;
    } else if (value[i] === ';') {
      parts.push(unescapeText(current));
      current = '';
    } else current += value[i];
  }
  parts.push(unescapeText(current));
  return parts;
}

export function unescapeText(value: string): string {
  return value.replace(/\\([nN,;:\\])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c)).replace(/\r\n?/g, '\n').trim();
}
