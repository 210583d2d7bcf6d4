import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/types.js';
import { auditConfigChange } from '../../engine/audit/audit.js';
import { fieldAccess, type AccessContext } from '../../engine/permissions/access.js';

/** What an administrator may set on a rule (PUT /api/v1/duplicate-rules/{object}/{key}). */
export const ruleSettings = z.object({ enabled: z.boolean(), fuzzy: z.boolean(), threshold: z.number().min(0.3).max(1), block: z.boolean().optional() });

/** What a rule compares. */
export type RuleKind = 'email' | 'phone' | 'domain' | 'company' | 'person';

/** A shipped rule: which fields it reads and how. Admins tune enabled/fuzzy/threshold (stored in duplicate_rules). */
export interface RuleDefinition {
  key: string;
  kind: RuleKind;
  /** Fields read, in order; for 'person' the first is the name and the second the company. */
  fields: string[];
  label: { zh: string; en: string };
  /**
   * Defaults until an administrator changes them. fuzzy: also match same-sounding Chinese names
   * (pinyin) and, for company names, names whose trigram similarity reaches threshold.
   */
  fuzzy: boolean;
  threshold: number;
}

export interface Rule extends RuleDefinition {
  object: string;
  enabled: boolean;
  /** 撞单: refuse (409) a new record whose key matches an existing record anywhere in the company. */
  block: boolean;
}

export type RuleSettings = Pick<Rule, 'enabled' | 'fuzzy' | 'threshold' | 'block'>;

const rule = (key: string, kind: RuleKind, fields: string[], zh: string, en: string, fuzzy = false, threshold = 0.6): RuleDefinition => ({
  key, kind, fields, label: { zh, en }, fuzzy, threshold,
});

/** The default rules of each object with duplicate detection. */
export const DEFAULT_RULES: Record<string, RuleDefinition[]> = {
  customers: [
    rule('company_name', 'company', ['name'], '公司名称（去除后缀）', 'Company name (without legal suffix)', true, 0.5),
    rule('phone', 'phone', ['phone'], '电话', 'Phone'),
    rule('domain', 'domain', ['email', 'website'], '邮箱/网站域名', 'E-mail / website domain'),
  ],
  contacts: [
    rule('email', 'email', ['email'], '邮箱', 'E-mail'),
    rule('phone', 'phone', ['mobile', 'phone'], '手机/座机', 'Mobile / phone'),
    rule('name_company', 'person', ['name', 'company'], '姓名 + 公司', 'Name + company', true, 0.7),
  ],
  leads: [
    rule('email', 'email', ['email'], '邮箱', 'E-mail'),
    rule('phone', 'phone', ['mobile'], '手机', 'Mobile'),
    rule('name_company', 'person', ['name', 'company'], '姓名 + 公司', 'Name + company', true, 0.7),
  ],
};

/** Bump when key computation changes: keys of every object are then rebuilt at start. */
export const KEY_VERSION = 2;

export function objectsWithRules(): string[] {
  return Object.keys(DEFAULT_RULES);
}

export function hasRules(object: string): boolean {
  return object in DEFAULT_RULES;
}

/**
 * The enabled rules the user may be told about: a rule reading a field hidden from them is not
 * evaluated for them at all, so neither a check (guessing a hidden e-mail) nor the finder (a group's
 * shared value) can reveal the hidden value.
 */
export function usableRules(rules: Rule[], ctx: AccessContext): Rule[] {
  return rules.filter((r) => r.enabled && r.fields.every((f) => fieldAccess(ctx, r.object, f) !== 'hidden'));
}

/** The rules of an object with the administrator's settings applied. */
export async function loadRules(db: Kysely<Database>, object: string): Promise<Rule[]> {
  const defaults = DEFAULT_RULES[object] ?? [];
  if (!defaults.length) return [];
  const stored = await db.selectFrom('duplicate_rules').selectAll().where('object', '=', object).execute();
  return defaults.map((def) => {
    const row = stored.find((r) => r.key === def.key);
    return { ...def, object, enabled: row?.enabled ?? true, fuzzy: row?.fuzzy ?? def.fuzzy, threshold: row?.threshold ?? def.threshold, block: row?.block ?? false };
  });
}

/** Saves an admin's settings of a rule, audited as the rule's before and after ("模糊匹配: 否 → 是"). */
export async function saveRule(db: Kysely<Database>, object: string, key: string, input: Omit<RuleSettings, 'block'> & { block?: boolean }, by: { actorId: string | null; objectLabel: { zh: string; en: string } }) {
  await db.transaction().execute(async (trx) => {
    const settingsOf = async (): Promise<RuleSettings> => {
      const rule = (await loadRules(trx, object)).find((r) => r.key === key)!;
      return { enabled: rule.enabled, fuzzy: rule.fuzzy, threshold: rule.threshold, block: rule.block };
    };
    const before = await settingsOf();
    // block is optional in the API (older clients send the other three): absent keeps it.
    const settings: RuleSettings = { ...input, block: input.block ?? before.block };
    await trx
      .insertInto('duplicate_rules')
      .values({ object, key, ...settings })
      .onConflict((oc) => oc.columns(['object', 'key']).doUpdateSet({ ...settings, updated_at: new Date() }))
      .execute();
    const label = DEFAULT_RULES[object].find((r) => r.key === key)!.label;
    const name = { zh: `${by.objectLabel.zh} · ${label.zh}`, en: `${by.objectLabel.en} · ${label.en}` };
    await auditConfigChange(trx, 'duplicateRules', by.actorId, { name }, before, await settingsOf());
  });
}
