import type { TFunction } from 'i18next';

/**
 * A text a module stores as a message key with parameters, so each viewer reads it in their own
 * language: {"$t": key, "params": {...}, "keys": {param: key of its text}} (e.g. the SLA note).
 * Any other text, including notes written before, is shown as stored.
 */
export function messageText(value: string, t: TFunction): string {
  if (!value.startsWith('{"$t"')) return value;
  try {
    const m = JSON.parse(value) as { $t: string; params?: Record<string, unknown>; keys?: Record<string, string> };
    const params: Record<string, unknown> = { ...m.params };
    for (const [name, key] of Object.entries(m.keys ?? {})) params[name] = t(key);
    return t(m.$t, { ...params, interpolation: { escapeValue: false } });
  } catch {
    return value;
  }
}
