export type Locale = 'zh-CN' | 'en';

/** Each language by its own name, the same in either UI (language menu, user form, audit log). */
export const LOCALE_NAMES: Record<Locale, string> = { 'zh-CN': '简体中文', en: 'English' };
export const LOCALES = Object.keys(LOCALE_NAMES) as Locale[];
