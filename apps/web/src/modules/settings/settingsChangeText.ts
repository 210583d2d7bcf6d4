import type { TFunction } from 'i18next';

interface SettingsDetails {
  area: string;
  /** The user, team or role the entry is about, by its name at the time. */
  subject?: string;
  changes: Record<string, { from: unknown; to: unknown }>;
}

/** The area and values of an audited settings change ('settings' entries), or null for any other entry. */
export const settingsDetails = (changes: unknown) => (changes as { settings?: SettingsDetails } | null)?.settings ?? null;

// Lines follow the settings forms, not the stored order (jsonb sorts keys by length).
const FIELD_ORDER = ['currency', 'rates.', 'name', 'email', 'address', 'phone', 'logo', 'role', 'team', 'parentTeam', 'lead', 'locale', 'active', 'key', 'nameZh', 'nameEn', 'admin', 'permissions', 'host', 'port', 'security', 'username', 'password', 'fromName', 'fromAddress', 'appUrl'];
const rank = (key: string) => {
  const i = FIELD_ORDER.findIndex((f) => (f.endsWith('.') ? key.startsWith(f) : key === f));
  return i < 0 ? FIELD_ORDER.length : i;
};

type Label = (l: { zh: string; en: string } | null | undefined) => string;
const isLabel = (v: unknown): v is { zh: string; en: string } => typeof v === 'object' && v !== null && 'zh' in v;

/** One line per value changed, as the record change lines read: "本位币: CNY → USD", "USD 汇率: 7.2 → —". */
export function settingsChangeLines(changes: unknown, t: TFunction, label: Label): string[] {
  const details = settingsDetails(changes);
  if (!details) return [];
  const value = (v: unknown) => {
    if (v === null || v === undefined || v === '') return '—';
    if (v === 'uploaded') return t('audit.uploaded');
    if (typeof v === 'boolean') return t(v ? 'audit.yes' : 'audit.no');
    return isLabel(v) ? label(v) : String(v);
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
    return `${fieldLabel(key)}: ${value(change.from)} → ${value(change.to)}`;
  });
}
