import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { pinyin } from 'pinyin-pro';

/**
 * Normalised forms that two spellings of the same thing share. Each returns null when nothing
 * meaningful is left (an empty name, a number too short to be a phone), so no key is stored.
 */

/** Lower-case, trimmed; null unless it looks like an address. */
export function normaliseEmail(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const email = value.normalize('NFKC').trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ? email : null;
}

/** E.164 (+8613800138000), reading numbers without a country code as Chinese ones. */
export function normalisePhone(value: unknown, region: 'CN' = 'CN'): string | null {
  if (typeof value !== 'string') return null;
  const text = value.normalize('NFKC').trim();
  if (!text) return null;
  const parsed = parsePhoneNumberFromString(text, region);
  if (parsed?.isPossible()) return parsed.number;
  // Not a number libphonenumber accepts (an extension-only, a made-up test number): the digits
  // still identify it, as long as there are enough of them not to collide by chance.
  const digits = text.replace(/\D/g, '');
  return digits.length >= 7 ? digits : null;
}

/** Mail services shared by millions of people: a shared domain says nothing about being one company. */
const SHARED_MAIL_DOMAINS = new Set([
  'qq.com', 'vip.qq.com', 'foxmail.com', '163.com', '126.com', 'yeah.net', 'vip.163.com', 'sina.com', 'sina.cn', 'sohu.com',
  'aliyun.com', '139.com', '189.cn', 'wo.cn', 'gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'live.com',
  'msn.com', 'yahoo.com', 'icloud.com', 'me.com', 'proton.me', 'protonmail.com', 'example.com',
]);

/** The organisation's domain of an e-mail address or website (www. dropped); null for shared mail services. */
export function normaliseDomain(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  let text = value.normalize('NFKC').trim().toLowerCase();
  if (!text) return null;
  if (text.includes('@')) text = text.slice(text.lastIndexOf('@') + 1);
  else text = text.replace(/^[a-z][a-z0-9+.-]*:\/\//, '').split(/[/?#:]/)[0] ?? '';
  text = text.replace(/^www\./, '').replace(/\.$/, '');
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(text) || SHARED_MAIL_DOMAINS.has(text)) return null;
  return text;
}

// Legal forms and noise at the end of company names, longest first so 股份有限公司 goes before 有限公司.
const CHINESE_SUFFIXES = ['股份有限公司', '有限责任公司', '集团有限公司', '集团股份有限公司', '有限公司', '集团公司', '分公司', '总公司', '集团', '公司'];
const LATIN_SUFFIXES = [
  'co ltd', 'co limited', 'company limited', 'limited', 'ltd', 'incorporated', 'inc', 'llc', 'l l c', 'corporation', 'corp',
  'gmbh', 'ag', 'plc', 'pte', 'pvt', 'sa', 'sarl', 'bv', 'nv', 'kk', 'company', 'co', 'group', 'holdings',
];

/** Full-width letters, digits and brackets become half-width, then lower-case. */
function fold(value: string): string {
  return value.normalize('NFKC').toLowerCase();
}

/**
 * A company name without legal form, bracketed notes such as (中国) or (Beijing), punctuation,
 * spaces or case: 北京字节跳动科技有限公司, 北京字节跳动科技 and "北京字节跳动科技（中国）" all give
 * 北京字节跳动科技; "Beijing ByteDance Co., Ltd." gives beijingbytedance.
 */
export function normaliseCompany(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  let text = fold(value)
    .replace(/\([^)]*\)|\[[^\]]*\]|【[^】]*】|〔[^〕]*〕/g, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  for (let changed = true; changed && text; ) {
    changed = false;
    for (const suffix of CHINESE_SUFFIXES) {
      if (text.endsWith(suffix) && text.length > suffix.length) {
        text = text.slice(0, -suffix.length).trim();
        changed = true;
      }
    }
    for (const suffix of LATIN_SUFFIXES) {
      if (text.endsWith(` ${suffix}`)) {
        text = text.slice(0, -(suffix.length + 1)).trim();
        changed = true;
      }
    }
  }
  const key = text.replace(/\s+/g, '');
  return key || null;
}

/** A person's name without case, spaces or punctuation (张 伟, 张·伟 and 张伟 are one name). */
export function normalisePersonName(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const key = fold(value).replace(/[^\p{L}\p{N}]+/gu, '');
  return key || null;
}

const HAN = /\p{Script=Han}/u;

/** Toneless pinyin of a normalised name that contains Chinese characters (章伟 and 张伟 share zhangwei); else null. */
export function pinyinKey(normalised: string | null): string | null {
  if (!normalised || !HAN.test(normalised)) return null;
  return pinyin(normalised, { toneType: 'none', type: 'array', nonZh: 'consecutive' }).join('').toLowerCase();
}
