export type VCardVersion = '3.0' | '4.0';

/** What a contact needs to become a card. */
export interface ContactCard {
  id: string;
  name: string;
  organisation: string | null;
  title?: string | null;
  mobile?: string | null;
  phone?: string | null;
  email?: string | null;
  wechat?: string | null;
  birthday?: string | null;
  gender?: string | null;
  description?: string | null;
  updatedAt?: string | null;
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
const COMPOUND_SURNAMES = ['欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文', '司徒', '夏侯', '轩辕', '令狐', '钟离', '澹台', '南宫', '西门'];

/** N components: 张伟 → 张;伟, 欧阳娜娜 → 欧阳;娜娜, John Doe → Doe;John. */
export function splitName(name: string): [family: string, given: string] {
  const trimmed = name.trim();
  if (CJK.test(trimmed) && !/\s/.test(trimmed)) {
    const surname = COMPOUND_SURNAMES.find((s) => trimmed.startsWith(s) && trimmed.length > s.length) ?? trimmed.slice(0, 1);
    return [surname, trimmed.slice(surname.length)];
  }
  const words = trimmed.split(/\s+/);
  return words.length > 1 ? [words[words.length - 1], words.slice(0, -1).join(' ')] : [trimmed, ''];
}

/** Text escaping (RFC 6350 3.4): a semicolon only in the parts of compound values such as N and ORG. */
const escape = (value: string, compound = false) => {
  const text = value.replace(/\\/g, '\\\\').replace(/\r?\n/g, '\\n').replace(/,/g, '\\,');
  return compound ? text.replace(/;/g, '\\;') : text;
};

/** Folds a line at 75 octets without cutting a UTF-8 character (RFC 6350 3.2). */
function fold(line: string): string {
  const out: string[] = [];
  let current = '';
  let bytes = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char);
    if (bytes + size > (out.length ? 74 : 75)) {
      out.push(current);
      current = '';
      bytes = 0;
    }
    current += char;
    bytes += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

/** One contact as a vCard 3.0 (RFC 2426) or 4.0 (RFC 6350) card, CRLF line ends. */
export function writeVCard(c: ContactCard, version: VCardVersion): string {
  const v4 = version === '4.0';
  const [family, given] = splitName(c.name);
  const lines = ['BEGIN:VCARD', `VERSION:${version}`, v4 ? `UID:urn:uuid:${c.id}` : `UID:${c.id}`, `FN:${escape(c.name)}`, `N:${escape(family, true)};${escape(given, true)};;;`];
  if (c.organisation) lines.push(`ORG:${escape(c.organisation, true)}`);
  if (c.title) lines.push(`TITLE:${escape(c.title)}`);
  if (c.mobile) lines.push(`TEL;TYPE=${v4 ? 'cell' : 'CELL'}:${escape(c.mobile)}`);
  if (c.phone) lines.push(`TEL;TYPE=${v4 ? 'work,voice' : 'WORK,VOICE'}:${escape(c.phone)}`);
  if (c.email) lines.push(v4 ? `EMAIL;TYPE=work:${escape(c.email)}` : `EMAIL;TYPE=INTERNET:${escape(c.email)}`);
  if (c.wechat) lines.push(`X-WECHAT:${escape(c.wechat)}`);
  if (c.birthday) lines.push(v4 ? `BDAY:${c.birthday.replace(/-/g, '')}` : `BDAY:${c.birthday}`);
  if (c.gender === 'male' || c.gender === 'female') lines.push(`${v4 ? 'GENDER' : 'X-GENDER'}:${c.gender === 'male' ? 'M' : 'F'}`);
  if (c.description) lines.push(`NOTE:${escape(c.description)}`);
  if (c.updatedAt) lines.push(`REV:${c.updatedAt.replace(/[-:]/g, '').replace(/\.\d+/, '')}`);
  lines.push('END:VCARD');
  return lines.map(fold).join('\r\n') + '\r\n';
}
