import type { TFunction } from 'i18next';

interface SettingsDetails {
  area: string;
  changes: Record<string, { from: unknown; to: unknown }>;
}

/** The area and values of an audited settings change ('settings' entries), or null for any other entry. */
export const settingsDetails = (changes: unknown) => (changes as { settings?: SettingsDetails } | null)?.settings ?? null;

// Lines follow the settings forms, not the stored order (jsonb sorts keys by length).
const FIELD_ORDER = ['currency', 'rates.', 'name', 'address', 'phone', 'logo', 'host', 'port', 'security', 'username', 'password', 'fromName', 'fromAddress', 'appUrl'];
const rank = (key: string) => {
  const i = FIELD_ORDER.findIndex((f) => (f.endsWith('.') ? key.startsWith(f) : key === f));
  return i < 0 ? FIELD_ORDER.length : i;
};

/** One line per value changed, as the record change lines read: "本位币: CNY → USD", "USD 汇率: 7.2 → —". */
export function settingsChangeLines(changes: unknown, t: TFunction): string[] {
  const details = settingsDetails(changes);
  if (!details) return [];
  const value = (v: unknown) => (v === null || v === undefined || v === '' ? '—' : v === 'uploaded' ? t('audit.uploaded') : String(v));
  const keys = Object.keys(details.changes).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return keys.map((key) => {
    const change = details.changes[key];
    const label = key.startsWith('rates.') ? t('audit.settingsField.rate', { currency: key.slice('rates.'.length) }) : t(`audit.settingsField.${key}`, { defaultValue: key });
    return `${label}: ${value(change.from)} → ${value(change.to)}`;
  });
}
