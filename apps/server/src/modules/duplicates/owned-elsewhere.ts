import type { ObjectMetadata, OwnedElsewhere } from '@crm/schema';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { scopeCondition, type AccessContext } from '../../engine/permissions/access.js';
import { matchKeys } from './match-keys.js';
import type { Rule } from './rules.js';

/** A few are enough to warn; the warning never lists another team's records. */
const LIMIT = 5;

export interface ElsewhereMatch extends OwnedElsewhere {
  recordId: string;
}

/**
 * Live records anywhere in the company with the same key as `values` under `rules` (exact values and
 * normalised names; no pinyin or similarity, which would warn about strangers). `outsideScopeOf`
 * keeps only records that user may not read (撞单 warnings); without it, any record (the block check).
 * The owner's name is the only value read from them.
 */
export async function matchesAnywhere(db: Kysely<Database>, meta: ObjectMetadata, rules: Rule[], values: Record<string, unknown>, options: { outsideScopeOf?: AccessContext; excludeId?: string }): Promise<ElsewhereMatch[]> {
  const keys = matchKeys(rules, values).filter((k) => k.kind !== 'p');
  if (!keys.length) return [];
  const outside = options.outsideScopeOf ? sql`NOT coalesce(${scopeCondition(options.outsideScopeOf, meta.name, 'read')}, false)` : sql`true`;
  const { rows } = await sql<{ record_id: string; rules: string[]; owner: string | null }>`
    SELECT k.record_id, array_agg(DISTINCT k.rule) AS rules, u.name AS owner
    FROM unnest(${sql.val(keys.map((k) => k.rule))}::text[], ${sql.val(keys.map((k) => k.kind))}::char(1)[], ${sql.val(keys.map((k) => k.value))}::text[]) AS q(rule, kind, value)
    JOIN duplicate_keys k ON k.object = ${meta.name} AND k.rule = q.rule AND k.kind = q.kind AND k.value = q.value
    JOIN ${sql.table(meta.name)} t ON t.id = k.record_id AND t.deleted_at IS NULL
    LEFT JOIN users u ON u.id = t.owner_id
    WHERE ${outside} AND k.record_id IS DISTINCT FROM ${options.excludeId ?? null}::uuid
    GROUP BY k.record_id, u.name
    ORDER BY k.record_id
    LIMIT ${LIMIT}`.execute(db);
  return rows.map((r) => {
    const matched = rules.filter((rule) => r.rules.includes(rule.key));
    return {
      recordId: r.record_id,
      owner: r.owner,
      matches: matched.map((rule) => ({ rule: rule.key, label: rule.label })),
      block: matched.some((rule) => rule.block),
    };
  });
}
