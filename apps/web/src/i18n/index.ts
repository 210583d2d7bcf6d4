import i18n from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import en from './en.json';
import zhCN from './zh-CN.json';

export type Locale = 'zh-CN' | 'en';
const STORAGE_KEY = 'crm.locale';

export function storedLocale(): Locale {
  return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
}

// Each module may keep its own texts in modules/<name>/locales/{zh-CN,en}.json, under its own top-level key.
const moduleTexts = import.meta.glob<Record<string, unknown>>('../modules/*/locales/*.json', { eager: true, import: 'default' });
function withModuleTexts(locale: Locale, base: Record<string, unknown>) {
  const merged = { ...base };
  for (const [path, texts] of Object.entries(moduleTexts)) if (path.endsWith(`/${locale}.json`)) Object.assign(merged, texts);
  return merged;
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
