import type { LikelyDuplicate, ObjectMetadata, OwnedElsewhere, RuleMatch } from '@crm/schema';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../db/types.js';
import type { AccessContext } from '../../engine/index.js';
import { scopeCondition } from '../../engine/permissions/access.js';
import { selectColumns, toApiRecord, visibleFields } from '../../engine/records/row-mapping.js';
import { matchKeys, type KeyKind, type MatchKey } from './match-keys.js';
import { matchesAnywhere } from './owned-elsewhere.js';
import { loadRules, usableRules, type Rule } from './rules.js';

const EXACT_SCORE: Record<string, number> = { email: 1, phone: 0.95, company: 0.9, person: 0.9, domain: 0.7 };
const PINYIN_SCORE = 0.8;
/** Candidates read per query; a check shows the best few. */
const CANDIDATES = 50;

type Hit = { record_id: string; rule: string; kind: KeyKind; similarity: number };

/**
 * Likely duplicates of a record (being created, or edited when excludeId is given) among live
 * records the user may read: key lookups in duplicate_keys with the read scope in SQL, so a rep
 * never learns that a record outside their scope exists. Exported for other modules (import).
 */
export class DuplicateChecker {
  constructor(private readonly db: Kysely<Database>) {}

  async findLikelyDuplicates(meta: ObjectMetadata, values: Record<string, unknown>, ctx: AccessContext, options: { excludeId?: string; limit?: number } = {}): Promise<LikelyDuplicate[]> {
    const rules = usableRules(await loadRules(this.db, meta.name), ctx);
    // Pinyin keys count only for rules with fuzzy matching on.
    const keys = matchKeys(rules, values).filter((k) => k.kind !== 'p' || rules.find((r) => r.key === k.rule)?.fuzzy);
    if (!keys.length) return [];
    const hits = [...(await this.exactHits(meta.name, keys, ctx, options.excludeId)), ...(await this.fuzzyHits(meta.name, rules, keys, ctx, options.excludeId))];
    const byRecord = new Map<string, LikelyDuplicate>();
    for (const hit of hits) {
      const rule = rules.find((r) => r.key === hit.rule)!;
      const how = hit.kind === 'p' ? 'pinyin' : hit.similarity < 1 ? 'fuzzy' : 'exact';
      const score = how === 'exact' ? EXACT_SCORE[rule.kind] : how === 'pinyin' ? PINYIN_SCORE : Math.round(hit.similarity * 0.85 * 100) / 100;
      const entry = byRecord.get(hit.record_id) ?? { id: hit.record_id, score: 0, matches: [], record: {} };
      if (!entry.matches.some((m) => m.rule === rule.key && m.how === how)) entry.matches.push({ rule: rule.key, label: rule.label, how, similarity: Math.round(hit.similarity * 100) / 100 });
      entry.score = Math.max(entry.score, score);
      byRecord.set(hit.record_id, entry);
    }
    for (const entry of byRecord.values()) {
      // Same sound adds nothing when the name itself is the same.
      entry.matches = entry.matches.filter((m) => m.how !== 'pinyin' || !entry.matches.some((o) => o.rule === m.rule && o.how === 'exact'));
    }
    const ranked = [...byRecord.values()].sort((a, b) => b.score - a.score || b.matches.length - a.matches.length).slice(0, options.limit ?? 10);
    const records = await this.readRecords(meta, ranked.map((r) => r.id), ctx);
    return ranked.filter((r) => records.has(r.id)).map((r) => ({ ...r, record: records.get(r.id)! }));
  }

  /**
   * 撞单: the same customer (contact, lead) owned by someone whose records the user may not read.
   * Told company-wide, but only that it exists, its owner's name and the rule; never its values.
   */
  async ownedElsewhere(meta: ObjectMetadata, values: Record<string, unknown>, ctx: AccessContext, options: { excludeId?: string } = {}): Promise<OwnedElsewhere[]> {
    const rules = usableRules(await loadRules(this.db, meta.name), ctx);
    const found = await matchesAnywhere(this.db, meta, rules, values, { outsideScopeOf: ctx, excludeId: options.excludeId });
    return found.map(({ owner, matches, block }) => ({ owner, matches, block }));
  }

  private async exactHits(object: string, keys: MatchKey[], ctx: AccessContext, excludeId?: string): Promise<Hit[]> {
    const { rows } = await sql<Hit>`
      SELECT DISTINCT k.record_id, k.rule, k.kind, 1::float8 AS similarity
      FROM unnest(${sql.val(keys.map((k) => k.rule))}::text[], ${sql.val(keys.map((k) => k.kind))}::char(1)[], ${sql.val(keys.map((k) => k.value))}::text[]) AS q(rule, kind, value)
      JOIN duplicate_keys k ON k.object = ${object} AND k.rule = q.rule AND k.kind = q.kind AND k.value = q.value
      WHERE ${scopeCondition(ctx, object, 'read', 'k')} AND k.record_id IS DISTINCT FROM ${excludeId ?? null}::uuid
      LIMIT ${CANDIDATES * keys.length}`.execute(this.db);
    return rows;
  }

  /** Company names similar by trigrams, for rules with fuzzy matching on. */
  private async fuzzyHits(object: string, rules: Rule[], keys: MatchKey[], ctx: AccessContext, excludeId?: string): Promise<Hit[]> {
    const hits: Hit[] = [];
    for (const key of keys.filter((k) => k.kind === 'n')) {
      const rule = rules.find((r) => r.key === key.rule);
      if (!rule?.fuzzy) continue;
      const rows = await withSimilarityThreshold(this.db, rule.threshold, () => sql<Hit>`
        SELECT k.record_id, k.rule, k.kind, similarity(k.value, ${key.value}) AS similarity
        FROM duplicate_keys k
        WHERE k.kind = 'n' AND k.value % ${key.value} AND k.object = ${object} AND k.rule = ${key.rule}
          AND similarity(k.value, ${key.value}) >= ${rule.threshold}
          AND ${scopeCondition(ctx, object, 'read', 'k')} AND k.record_id IS DISTINCT FROM ${excludeId ?? null}::uuid
        ORDER BY similarity DESC LIMIT ${CANDIDATES}`);
      hits.push(...rows.map((r) => ({ ...r, similarity: Number(r.similarity) })));
    }
    return hits;
  }

  /** The records as the user may see them (hidden fields left out), live and in scope. */
  async readRecords(meta: ObjectMetadata, ids: string[], ctx: AccessContext): Promise<Map<string, Record<string, unknown>>> {
    if (!ids.length) return new Map();
    const fields = visibleFields(meta, ctx);
    const { rows } = await sql<Record<string, unknown>>`
      SELECT ${selectColumns(fields)} FROM ${sql.table(meta.name)} t
      WHERE t.id = ANY(${sql.val(ids)}::uuid[]) AND t.deleted_at IS NULL AND ${scopeCondition(ctx, meta.name, 'read')}`.execute(this.db);
    return new Map(rows.map((row) => [row.id as string, toApiRecord(fields, row)]));
  }
}

/**
 * Runs a query with pg_trgm's % operator at the rule's threshold (not the 0.3 default), so the
 * trigram index itself leaves out weak candidates instead of rechecking thousands of them.
 */
export async function withSimilarityThreshold<T>(db: Kysely<Database>, threshold: number, query: () => RawBuilder<T>): Promise<T[]> {
  const run = async (trx: Kysely<Database>) => {
    await sql`SELECT set_config('pg_trgm.similarity_threshold', ${String(Math.max(0.3, threshold))}, true)`.execute(trx);
    return (await query().execute(trx)).rows;
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}
