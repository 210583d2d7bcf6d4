import i18n from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import en from './en.json';
import zhCN from './zh-CN.json';

export type Locale = 'zh-CN' | 'en';
const STORAGE_KEY = 'crm.locale';

export function storedLocale(): Locale {
  return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
}

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
function withModuleTexts(locale: Locale, base: Texts): Texts {
  return Object.entries(moduleTexts)
    .filter(([path]) => path.endsWith(`/${locale}.json`))
    .reduce((merged, [, texts]) => deepMerge(merged, texts), base);
}

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: withModuleTexts('zh-CN', zhCN) }, en: { translation: withModuleTexts('en', en) } },
  lng: storedLocale(),
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
});

export function setLocale(locale: Locale) {
  localStorage.setItem(STORAGE_KEY, locale);
  document.documentElement.lang = locale;
  void i18n.changeLanguage(locale);
}

/** Picks the zh or en text of a metadata label for the current language. */
export function useLabel() {
  const { i18n: current } = useTranslation();
  const en = current.language === 'en';
  return (label: { zh: string; en: string } | undefined | null) => (label ? (en ? label.en : label.zh) : '');
}

export default i18n;
