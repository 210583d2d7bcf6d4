import type { TFunction } from 'i18next';

interface SettingsDetails {
  area: string;
  changes: Record<string, { from: unknown; to: unknown }>;
}

/** The area and values of an audited settings change ('settings' entries), or null for any other entry. */
export const settingsDetails = (changes: unknown) => (changes as { settings?: SettingsDetails } | null)?.settings ?? null;

/** One line per value changed, as the record change lines read: "本位币: CNY → USD", "USD 汇率: 7.2 → —". */
export function settingsChangeLines(changes: unknown, t: TFunction): string[] {
  const details = settingsDetails(changes);
  if (!details) return [];
  const value = (v: unknown) => (v === null || v === undefined || v === '' ? '—' : v === 'uploaded' ? t('audit.uploaded') : String(v));
  return Object.entries(details.changes).map(([key, change]) => {
    const label = key.startsWith('rates.') ? t('audit.settingsField.rate', { currency: key.slice('rates.'.length) }) : t(`audit.settingsField.${key}`, { defaultValue: key });
    return `${label}: ${value(change.from)} → ${value(change.to)}`;
  });
}
