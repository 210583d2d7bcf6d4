import type { TFunction } from 'i18next';
import { LOCALE_NAMES, type Locale } from '../../i18n/locales';

type Bilingual = { zh: string; en: string };

interface SettingsDetails {
  area: string;
  /** The user, team, role, field, rule, form ... the entry is about, by its name at the time. */
  subject?: string | Bilingual;
  changes: Record<string, { from: unknown; to: unknown }>;
}

/** The area and values of an audited settings change ('settings' entries), or null for any other entry. */
export const settingsDetails = (changes: unknown) => (changes as { settings?: SettingsDetails } | null)?.settings ?? null;

/** What a settings entry is about, in the viewer's language. */
export function settingsSubject(changes: unknown, label: Label): string | undefined {
  const subject = settingsDetails(changes)?.subject;
  return isLabel(subject) ? label(subject) : subject;
}

// Lines follow the settings forms, not the stored order (jsonb sorts keys by length).
const FIELD_ORDER = [
  'currency', 'rates.', 'label', 'name', 'email', 'address', 'phone', 'logo', 'role', 'team', 'parentTeam', 'lead', 'locale', 'active', 'key', 'nameZh', 'nameEn', 'admin', 'permissions',
  'host', 'port', 'security', 'username', 'password', 'fromName', 'fromAddress', 'appUrl',
  // custom fields, pipelines, targets
  'type', 'required', 'unique', 'defaultValue', 'maxLength', 'min', 'max', 'options', 'relation', 'searchable', 'indexed', 'archived', 'data', 'isDefault', 'stages', 'requiredFields', 'amount',
  // automation rules, territories, web forms, duplicate rules, pool caps, API keys, backups
  'description', 'object', 'trigger', 'triggerSettings', 'conditions', 'actions', 'actionSettings', 'field', 'value', 'position', 'source', 'fields', 'titleZh', 'titleEn', 'thankYouZh', 'thankYouEn', 'redirectUrl', 'campaignId',
  'fuzzy', 'threshold', 'customers', 'leads', 'prefix', 'owner', 'revoked', 'cron', 'folder', 'keep', 'enabled',
];
const rank = (key: string) => {
  const i = FIELD_ORDER.findIndex((f) => (f.endsWith('.') ? key.startsWith(f) : key === f));
  return i < 0 ? FIELD_ORDER.length : i;
};

type Label = (l: Bilingual | null | undefined) => string;
const isLabel = (v: unknown): v is Bilingual => typeof v === 'object' && v !== null && 'zh' in v;

/** Names from the metadata: an object by its key (客户 for customers), a select option by its value. */
export interface MetaNames {
  object(name: string): string;
  option(object: string, field: string, value: string): string;
}
const KEYS_AS_NAMES: MetaNames = { object: (name) => name, option: (_o, _f, value) => value };

/** Stored keys (a field type, a trigger kind, an object, a lead source) shown by their names, per area and setting. */
const NAMED_VALUES: Record<string, (v: string, t: TFunction, names: MetaNames) => string> = {
  'fields.type': (v, t) => t(`fieldType.${v}`, { defaultValue: v }),
  'fields.relation': (v, _t, names) => names.object(v),
  'automation.object': (v, _t, names) => names.object(v),
  'webForms.source': (v, _t, names) => names.option('leads', 'source', v),
  'automation.trigger': (v, t) => t(`automation.trigger.${v}`, { defaultValue: v }),
  'automation.actions': (v, t) => v.split(', ').map((type) => t(`automation.actionType.${type}`, { defaultValue: type })).join(t('audit.listSeparator')),
  'territories.field': (v, t) => t(`automation.territory.${v}`, { defaultValue: v }),
  'users.locale': (v) => LOCALE_NAMES[v as Locale] ?? v,
};

/**
 * One line per value changed, as the record change lines read: "本位币: CNY → USD", "USD 汇率: 7.2 → —".
 * Without `names` (metadata not loaded) objects and options show by their keys.
 */
export function settingsChangeLines(changes: unknown, t: TFunction, label: Label, names: MetaNames = KEYS_AS_NAMES): string[] {
  const details = settingsDetails(changes);
  if (!details) return [];
  const value = (key: string, v: unknown) => {
    if (v === null || v === undefined || v === '') return '—';
    if (v === 'uploaded') return t('audit.uploaded');
    if (v === 'purged') return t('audit.purged');
    if (typeof v === 'boolean') return t(v ? 'audit.yes' : 'audit.no');
    if (isLabel(v)) return label(v);
    const named = NAMED_VALUES[`${details.area}.${key}`];
    return named ? named(String(v), t, names) : String(v);
  };
  const fieldLabel = (key: string) => {
    if (key.startsWith('rates.')) return t('audit.settingsField.rate', { currency: key.slice('rates.'.length) });
    return t(`audit.areaField.${details.area}.${key}`, { defaultValue: t(`audit.settingsField.${key}`, { defaultValue: key }) });
  };
  const keys = Object.keys(details.changes).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return keys.map((key) => {
    const change = details.changes[key];
    // A role's permission matrix: the entry says only that it changed.
    if (change.to === 'changed') return `${fieldLabel(key)}: ${t('audit.changed')}`;
    return `${fieldLabel(key)}: ${value(key, change.from)} → ${value(key, change.to)}`;
  });
}
