import en from './en.json';
import type { Locale } from './locales';
import zhCN from './zh-CN.json';

// Each module may keep its own texts in modules/<name>/locales/{zh-CN,en}.json (its own top-level key,
// plus e.g. `settings.<section>` for a settings tab label); they are deep-merged into the base texts.
type Texts = { [key: string]: string | Texts };
const moduleTexts = import.meta.glob<Texts>('../modules/*/locales/*.json', { eager: true, import: 'default' });
function deepMerge(into: Texts, from: Texts): Texts {
  const out: Texts = { ...into };
  for (const [key, value] of Object.entries(from)) {
    const current = out[key];
    out[key] = typeof value === 'object' && typeof current === 'object' ? deepMerge(current, value) : value;
  }
  return out;
}
/** The app's texts in a language: the base file with every module's merged in. */
export function appTexts(locale: Locale): Texts {
  return Object.entries(moduleTexts)
    .filter(([path]) => path.endsWith(`/${locale}.json`))
    .reduce((merged, [, texts]) => deepMerge(merged, texts), (locale === 'en' ? en : zhCN) as Texts);
}
