import type { ObjectMetadata } from '@crm/schema';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { matchKeys, type MatchKey } from './match-keys.js';
import type { Rule } from './rules.js';

/** What refuses a new record: the rule, the field to name, the existing record's owner (null: public pool) or the earlier row of the batch. */
export interface Blocked {
  rule: Rule;
  field: string;
  owner: string | null;
  /** Position in the batch of an earlier record with the same key, when that is what matched. */
  earlier?: number;
}

/** Advisory-lock namespace of 撞单 keys; keys share 512 buckets so an import batch holds a bounded number of locks. */
const LOCK_NAMESPACE = 7_426_016;
const BUCKETS = 512;

/** Exact keys only: a same-sounding name (pinyin) warns, it never refuses. */
const exactKeys = (rules: Rule[], values: Record<string, unknown>) => matchKeys(rules, values).filter((k) => k.kind !== 'p');

function bucketOf(object: string, key: MatchKey): number {
  // FNV-1a: the same bucket in every process for the same key.
  let h = 0x811c9dc5;
  for (const ch of `${object}\u0000${key.rule}\u0000${key.kind}\u0000${key.value}`) h = Math.imul(h ^ ch.codePointAt(0)!, 0x01000193);
  return (h >>> 0) % BUCKETS;
}

/** Takes the keys' locks until the transaction ends, in ascending order so two writers never deadlock. */
export async function lockKeys(trx: Kysely<Database>, object: string, rules: Rule[], rows: Record<string, unknown>[]) {
  const buckets = [...new Set(rows.flatMap((values) => exactKeys(rules, values).map((k) => bucketOf(object, k))))].sort((a, b) => a - b);
  if (!buckets.length) return;
  await sql`SELECT pg_advisory_xact_lock(${LOCK_NAMESPACE}, s.b) FROM (SELECT b FROM unnest(${sql.val(buckets)}::int[]) AS b ORDER BY b) s`.execute(trx);
}

/** Per row: the live record anywhere in the company, or the earlier row, whose key a blocking rule matches; one query for the batch. */
export async function findBlocked(db: Kysely<Database>, meta: ObjectMetadata, rules: Rule[], rows: Record<string, unknown>[]): Promise<(Blocked | null)[]> {
  const keys = rows.flatMap((values, i) => exactKeys(rules, values).map((k) => ({ ...k, i })));
  const out: (Blocked | null)[] = rows.map(() => null);
  if (!keys.length) return out;
  const { rows: hits } = await sql<{ i: number; rule: string; owner: string | null }>`
    SELECT DISTINCT ON (q.i) q.i, q.rule, u.name AS owner
    FROM unnest(${sql.val(keys.map((k) => k.i))}::int[], ${sql.val(keys.map((k) => k.rule))}::text[], ${sql.val(keys.map((k) => k.kind))}::char(1)[], ${sql.val(keys.map((k) => k.value))}::text[]) AS q(i, rule, kind, value)
    JOIN duplicate_keys k ON k.object = ${meta.name} AND k.rule = q.rule AND k.kind = q.kind AND k.value = q.value
    JOIN ${sql.table(meta.name)} t ON t.id = k.record_id AND t.deleted_at IS NULL
    LEFT JOIN users u ON u.id = t.owner_id
    ORDER BY q.i, q.rule`.execute(db);
  const blocked = (rule: Rule, values: Record<string, unknown>) => rule.fields.find((f) => values[f] !== undefined && values[f] !== null && values[f] !== '') ?? rule.fields[0];
  for (const hit of hits) {
    const rule = rules.find((r) => r.key === hit.rule)!;
    out[hit.i] = { rule, field: blocked(rule, rows[hit.i]), owner: hit.owner };
  }
  const seen = new Map<string, number>();
  for (const k of keys) {
    const id = `${k.rule}\u0000${k.kind}\u0000${k.value}`;
    const earlier = seen.get(id);
    if (earlier === undefined) seen.set(id, k.i);
    else if (earlier !== k.i && !out[k.i]) {
      const rule = rules.find((r) => r.key === k.rule)!;
      out[k.i] = { rule, field: blocked(rule, rows[k.i]), owner: null, earlier };
    }
  }
  return out;
}
