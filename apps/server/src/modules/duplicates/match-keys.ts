import { normaliseCompany, normaliseDomain, normaliseEmail, normalisePersonName, normalisePhone, pinyinKey } from './normalise.js';
import type { RuleDefinition } from './rules.js';

/** x: exact value; n: normalised company name (also compared by trigram similarity); p: pinyin of a name. */
export type KeyKind = 'x' | 'n' | 'p';

export interface MatchKey {
  rule: string;
  kind: KeyKind;
  value: string;
}

/** Keys of one record (or of a form being filled in) under the given rules; duplicates removed. */
export function matchKeys(rules: RuleDefinition[], values: Record<string, unknown>): MatchKey[] {
  const keys = new Map<string, MatchKey>();
  const add = (rule: string, kind: KeyKind, value: string | null) => {
    // Index entries are capped in size; a longer name is still unique well before 500 characters.
    if (value) keys.set(`${rule}\u0000${kind}\u0000${value}`, { rule, kind, value: value.slice(0, 500) });
  };
  for (const rule of rules) {
    switch (rule.kind) {
      case 'email':
        for (const f of rule.fields) add(rule.key, 'x', normaliseEmail(values[f]));
        break;
      case 'phone':
        for (const f of rule.fields) add(rule.key, 'x', normalisePhone(values[f]));
        break;
      case 'domain':
        for (const f of rule.fields) add(rule.key, 'x', normaliseDomain(values[f]));
        break;
      case 'company': {
        const name = normaliseCompany(values[rule.fields[0]]);
        add(rule.key, 'n', name);
        add(rule.key, 'p', pinyinKey(name));
        break;
      }
      case 'person': {
        const name = normalisePersonName(values[rule.fields[0]]);
        const company = normaliseCompany(values[rule.fields[1]]);
        if (!name || !company) break;
        // Exact, not trigram: a person's name is two or three characters, so the similarity of
        // "name|company" would be the company's, and every colleague would look alike.
        add(rule.key, 'x', `${name}|${company}`);
        const spoken = pinyinKey(name);
        if (spoken) add(rule.key, 'p', `${spoken}|${pinyinKey(company) ?? company}`);
        break;
      }
    }
  }
  return [...keys.values()];
}

/** Fields any rule reads: an update touching none of them leaves the keys as they are. */
export function fieldsRead(rules: RuleDefinition[]): Set<string> {
  return new Set(rules.flatMap((r) => r.fields));
}
