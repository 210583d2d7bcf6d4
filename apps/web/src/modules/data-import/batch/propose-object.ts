import type { ObjectMeta } from '../../../api/meta';

/** The order a whole CRM is imported in: later files' relation columns name records of earlier ones. */
export const IMPORT_ORDER = ['customers', 'contacts', 'deals', 'activities'];
export const orderOf = (object: string) => {
  const i = IMPORT_ORDER.indexOf(object);
  return i < 0 ? IMPORT_ORDER.length : i;
};

/** Words in a file name naming an object, most specific first ("客户联系人.csv" holds contacts). */
const NAME_WORDS: Array<[string, RegExp]> = [
  ['activities', /activit|follow|跟进|拜访/i],
  ['deals', /deal|opportunit|商机|机会/i],
  ['contacts', /contact|联系人/i],
  ['leads', /lead|线索/i],
  ['customers', /customer|account|compan|客户|公司/i],
];

const norm = (s: string) => s.toLowerCase().replace(/[\s_\-–—/.·:：()（）*]+/g, '');

/** How many headers name a field of the object by its zh or en label or its API name. */
function headerScore(meta: ObjectMeta, headers: string[]): number {
  const names = new Set(meta.fields.flatMap((f) => [f.name, f.label.zh, f.label.en].map(norm)));
  return headers.filter((h) => names.has(norm(h))).length;
}

/** The first line of a CSV as headers (UTF-8 or GBK read the same for ASCII and are good enough to score). */
export async function csvHeaders(file: File): Promise<string[]> {
  if (!/\.csv$/i.test(file.name)) return [];
  const head = await file.slice(0, 4096).text();
  return (head.replace(/^\uFEFF/, '').split(/\r?\n/)[0] ?? '').split(',').map((h) => h.replace(/^"|"$/g, '').trim());
}

/** The object a file is for: by its name, else by the object whose field labels its headers name most. */
export function proposeObject(fileName: string, headers: string[], objects: ObjectMeta[]): string | null {
  const creatable = objects.filter((o) => o.access.create !== 'none');
  for (const [object, words] of NAME_WORDS) if (words.test(fileName) && creatable.some((o) => o.name === object)) return object;
  let best: { object: string; score: number } | null = null;
  for (const meta of creatable) {
    const score = headerScore(meta, headers);
    if (score > 0 && (!best || score > best.score)) best = { object: meta.name, score };
  }
  return best?.object ?? null;
}
