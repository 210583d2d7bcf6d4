import type { FieldType } from '@crm/schema';
import i18next from 'i18next';
import type { Field, ObjectMeta } from '../src/api/meta';
import { appTexts } from '../src/i18n/texts';

/** A field as the metadata API returns it, with defaults for everything not given. */
export function field(name: string, type: FieldType, extra: Partial<Field> = {}): Field {
  return {
    name, type, label: { zh: name, en: name }, required: false, unique: false, searchable: false, indexed: false,
    system: false, custom: false, archived: false, position: 0, readonly: false, ...extra,
  };
}

export const status = field('status', 'select', {
  label: { zh: '客户状态', en: 'Status' },
  position: 2,
  options: [
    { value: 'prospect', label: { zh: '潜在客户', en: 'Prospect' }, color: 'blue' },
    { value: 'active', label: { zh: '成交客户', en: 'Customer' }, color: 'green' },
  ],
});
export const amount = field('amount', 'currency', { label: { zh: '金额', en: 'Amount' }, position: 3 });
export const region = field('region', 'region', { label: { zh: '地区', en: 'Region' }, position: 4 });
export const name = field('name', 'text', { label: { zh: '客户名称', en: 'Name' }, position: 1 });

export const customers = { name: 'customers', label: { zh: '客户', en: 'Customer' }, fields: [name, status, amount, region, field('tags', 'tags', { position: 5 }), field('deleted_at', 'datetime', { system: true })] } as unknown as ObjectMeta;

/** The app's real translations, without the browser-only language detection of src/i18n. */
export async function translator(lng: 'zh-CN' | 'en') {
  const i18n = i18next.createInstance();
  await i18n.init({ lng, resources: { 'zh-CN': { translation: appTexts('zh-CN') }, en: { translation: appTexts('en') } }, interpolation: { escapeValue: false }, showSupportNotice: false });
  const label = (l: { zh: string; en: string } | null | undefined) => (l ? (lng === 'en' ? l.en : l.zh) : '');
  return { t: i18n.t, label };
}
