import { fieldValueSchema, type FieldDefinition } from '@crm/schema';
import { toPhone } from '../../engine/phones/read-phone.js';
import { components, unescapeText, type VCard, type VCardProperty } from './parse-vcard.js';

/** A contact read from a card: field values for the contacts object, plus the organisation name. */
export interface CardContact {
  values: Record<string, unknown>;
  organisation: string | null;
  /** Numbers for the mobile or phone field that are no phone number in the region: kept as written (in the field, or in the notes when the field refuses them). */
  unreadPhones: { field: 'mobile' | 'phone'; value: string; keptIn: 'mobile' | 'phone' | 'description' }[];
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
const PHONE: FieldDefinition = { name: 'phone', type: 'phone', label: { zh: '', en: '' }, required: false, unique: false, searchable: false, indexed: false, system: false, custom: false, archived: false, position: 0 };
const EMAIL: FieldDefinition = { ...PHONE, name: 'email', type: 'email' };

const types = (p: VCardProperty) => (p.params.TYPE ?? []).flatMap((t) => t.toLowerCase().split(','));
const isPreferred = (p: VCardProperty) => types(p).includes('pref') || p.params.PREF !== undefined;
const byPreference = (a: VCardProperty, b: VCardProperty) => Number(isPreferred(b)) - Number(isPreferred(a));

/**
 * Maps a card onto contact fields: name (N:张;伟 → 张伟, N:Doe;John → John Doe), mobile and
 * landline from the typed TEL lines, the preferred email, job title, birthday, gender, WeChat and
 * notes. Numbers, addresses and emails with no field of their own are kept in the notes. Numbers
 * are read like imported phones: national formats in `phoneRegion` (the company default), a
 * +country code keeping its own.
 */
export function cardToContact(card: VCard, phoneRegion: string): CardContact {
  const all = (name: string) => card.properties.filter((p) => p.name === name);
  const first = (name: string) => all(name)[0];
  const text = (name: string) => (first(name) ? unescapeText(first(name).value) : '');
  const extra: string[] = [];

  const org = first('ORG') ? components(first('ORG').value).filter(Boolean) : [];
  const name = personName(first('N'), text('FN')) || org[0] || text('EMAIL') || '';

  const phones = all('TEL')
    .map((p) => {
      const written = phoneNumber(p.value);
      const read = written ? toPhone(written, phoneRegion) : null;
      return { p, number: read ?? written, read: read !== null };
    })
    .filter((t) => t.number);
  const mobile = phones.filter((t) => types(t.p).some((x) => ['cell', 'mobile', 'iphone'].includes(x))).sort((a, b) => byPreference(a.p, b.p))[0];
  const landline = phones.filter((t) => t !== mobile && !types(t.p).some((x) => ['fax', 'pager', 'cell', 'mobile'].includes(x))).sort((a, b) => byPreference(a.p, b.p))[0];
  const values: Record<string, unknown> = { name: name.slice(0, 100) };
  const unreadPhones: CardContact['unreadPhones'] = [];
  for (const [field, tel] of [['mobile', mobile], ['phone', landline]] as const) {
    if (!tel) continue;
    if (fieldValueSchema(PHONE).safeParse(tel.number).success) values[field] = tel.number;
    if (!tel.read) unreadPhones.push({ field, value: tel.number, keptIn: values[field] === tel.number ? field : 'description' });
  }
  for (const t of phones) {
    if (t.number !== values.mobile && t.number !== values.phone) extra.push(`${label(t.p, 'TEL')}: ${t.number}`);
  }

  const emails = all('EMAIL').sort(byPreference).map((p) => unescapeText(p.value)).filter(Boolean);
  const email = emails.find((e) => fieldValueSchema(EMAIL).safeParse(e).success);
  if (email) values.email = email.toLowerCase();
  for (const e of emails) if (e !== email) extra.push(`Email: ${e}`);

  if (org[0]) values.company = org[0].slice(0, 200);
  if (text('TITLE')) values.title = text('TITLE').slice(0, 100);
  const birthday = dateOf(text('BDAY'));
  if (birthday) values.birthday = birthday;
  const gender = (text('GENDER') || text('X-GENDER')).toUpperCase()[0];
  if (gender === 'M' || gender === 'F') values.gender = gender === 'M' ? 'male' : 'female';
  const wechat = text('X-WECHAT') || all('IMPP').map((p) => unescapeText(p.value)).find((v) => /^(weixin|wechat|x-apple):/i.test(v))?.replace(/^[^:]+:/, '');
  if (wechat) values.wechat = wechat.slice(0, 100);
  for (const adr of all('ADR')) {
    const parts = components(adr.value).filter(Boolean);
    if (parts.length) extra.push(`${label(adr, 'ADR')}: ${parts.join(', ')}`);
  }
  const note = all('NOTE').map((p) => unescapeText(p.value)).filter(Boolean).join('\n');
  const description = [note, ...extra].filter(Boolean).join('\n');
  if (description) values.description = description.slice(0, 20_000);
  return { values, organisation: org[0] ?? null, unreadPhones };
}

/** Chinese names are family + given with no space; other names given (middle) family. */
function personName(n: VCardProperty | undefined, fullName: string): string {
  if (n) {
    const [family = '', given = '', middle = ''] = components(n.value);
    if (family || given) {
      if (CJK.test(family + given)) return `${family}${given}${middle}`;
      return [given, middle, family].filter(Boolean).join(' ');
    }
  }
  return fullName;
}

/** tel:+1-418-656-9254;ext=102 → +1-418-656-9254 ext 102; dots and slashes become spaces. */
function phoneNumber(raw: string): string {
  const value = unescapeText(raw).replace(/^tel:/i, '');
  const [number, ...params] = value.split(';');
  const ext = params.find((p) => /^ext=/i.test(p))?.slice(4);
  const cleaned = number.replace(/[./]/g, ' ').replace(/\s+/g, ' ').trim();
  return ext ? `${cleaned} ext ${ext}` : cleaned;
}

function label(p: VCardProperty, kind: string): string {
  const t = types(p).filter((x) => !['pref', 'voice', 'internet', 'x400'].includes(x));
  return t.length ? `${kind} (${t.join(', ')})` : kind;
}

/** 1990-02-03, 19900203 or 1990-02-03T00:00:00Z; a date without a year (--0203) is dropped. */
function dateOf(value: string): string | null {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})/.exec(value);
  if (!m) return null;
  const date = `${m[1]}-${m[2]}-${m[3]}`;
  return fieldValueSchema({ ...PHONE, type: 'date' }).safeParse(date).success ? date : null;
}
