import i18n from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import type { Locale } from './locales';
import { appTexts } from './texts';

export type { Locale };

const STORAGE_KEY = 'crm.locale';

export function storedLocale(): Locale {
  return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
}

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: appTexts('zh-CN') }, en: { translation: appTexts('en') } },
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
