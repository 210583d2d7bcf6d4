import type { DuplicateGroup, ObjectMetadata } from '@crm/schema';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import type { AccessContext } from '../../engine/index.js';
import { scopeCondition, scopeFor } from '../../engine/permissions/access.js';
import { badRequest } from '../../http/errors.js';
import { withSimilarityThreshold, type DuplicateChecker } from './check-duplicates.js';
import { loadRules, usableRules, type Rule } from './rules.js';

export interface FinderParams {
  limit: number;
  cursor?: string;
  /** Also look for similar (not identical) names, a bounded number of names per page. */
  fuzzy: boolean;
}

interface Cursor {
  mode: 'exact' | 'fuzzy';
  rule: string;
  kind: string;
  value: string;
}

const MAX_MEMBERS = 20;
/** A fuzzy page compares at most this many names with their neighbours (one trigram index lookup each). */
export const FUZZY_SEEDS_PER_PAGE = 100;

type GroupRow = { rule: string; kind: string; value: string; ids: string[]; size: number };

/**
 * Groups of likely duplicates across a whole object, paged. Exact and pinyin groups walk
 * duplicate_groups in (rule, kind, value) order and stop as soon as a page is full, so a page costs
 * the groups it reads, not the table size. Fuzzy groups come after all exact ones: each page takes the
 * next FUZZY_SEEDS_PER_PAGE names and finds their similar names through the trigram index.
 */
export async function findDuplicateGroups(db: Kysely<Database>, checker: DuplicateChecker, meta: ObjectMetadata, params: FinderParams, ctx: AccessContext) {
  const rules = usableRules(await loadRules(db, meta.name), ctx);
  let cursor = decodeCursor(params.cursor);
  const groups: GroupRow[] = [];
  let next: Cursor | null = null;
  for (const rule of rules) {
    if (cursor && cursor.mode === 'exact' && rules.indexOf(rule) < rules.findIndex((r) => r.key === cursor!.rule)) continue;
    if (cursor?.mode === 'fuzzy') break;
    const after = cursor?.rule === rule.key ? cursor : null;
    const want = params.limit - groups.length;
    const rows = await exactGroups(db, meta.name, rule, after, want + 1, ctx);
    groups.push(...rows.slice(0, want));
    if (rows.length > want) {
      const last = groups[groups.length - 1];
      next = { mode: 'exact', rule: rule.key, kind: last.kind, value: last.value };
      break;
    }
  }
  if (!next && params.fuzzy && groups.length < params.limit) {
    const fuzzyRules = rules.filter((r) => r.fuzzy);
    if (cursor?.mode !== 'fuzzy') cursor = null;
    for (const rule of fuzzyRules) {
      if (cursor && fuzzyRules.indexOf(rule) < fuzzyRules.findIndex((r) => r.key === cursor!.rule)) continue;
      const after = cursor?.rule === rule.key ? cursor.value : null;
      const { rows, lastSeed } = await fuzzyGroups(db, meta.name, rule, after, ctx);
      groups.push(...rows);
      if (lastSeed !== null) {
        next = { mode: 'fuzzy', rule: rule.key, kind: 'n', value: lastSeed };
        break;
      }
    }
  }
  const pinyinDeduped = await dropPinyinEchoes(db, meta.name, groups);
  const records = await checker.readRecords(meta, [...new Set(pinyinDeduped.flatMap((g) => g.ids))], ctx);
  const data: DuplicateGroup[] = [];
  for (const g of pinyinDeduped) {
    const rule = rules.find((r) => r.key === g.rule)!;
    const members = g.ids.map((id) => records.get(id)).filter((r): r is Record<string, unknown> => !!r);
    if (members.length < 2) continue;
    data.push({ rule: g.rule, label: rule.label, how: g.kind === 'p' ? 'pinyin' : g.kind === 'f' ? 'fuzzy' : 'exact', value: g.value, records: members, size: Math.max(g.size, members.length) });
  }
  return { data, nextCursor: next ? Buffer.from(JSON.stringify(next)).toString('base64url') : null };
}

/**
 * Two statements: the page's groups, walking duplicate_groups (keys of two or more records) in key
 * order, then up to MAX_MEMBERS ids of each group. For a user who sees everything the stored size
 * is the answer, so a page reads about as many groups as it shows. A rep's or team's page counts
 * each group's members within their scope: from the group's owners list (no further read) where the
 * group is small, from the keys otherwise; groups with no member of theirs are skipped first.
 */
async function exactGroups(db: Kysely<Database>, object: string, rule: Rule, after: Cursor | null, limit: number, ctx: AccessContext): Promise<GroupRow[]> {
  const scope = scopeCondition(ctx, object, 'read', 'k');
  const owners = scopeOwners(ctx, object);
  const size = owners === 'all'
    ? sql`g.size`
    : sql`CASE WHEN g.owners IS NOT NULL
        THEN (SELECT count(*) FROM unnest(g.owners) AS o(owner_id) WHERE ${scopeCondition(ctx, object, 'read', 'o')})
        ELSE (SELECT count(*) FROM duplicate_keys k WHERE k.object = g.object AND k.rule = g.rule AND k.kind = g.kind AND k.value = g.value AND ${scope})
      END::int`;
  const { rows: groups } = await sql<{ kind: string; value: string; size: number }>`
    SELECT g.kind, g.value, s.size
    FROM duplicate_groups g
    CROSS JOIN LATERAL (SELECT ${size} AS size) s
    WHERE g.object = ${object} AND g.rule = ${rule.key} AND s.size > 1
      AND ${owners === 'all' ? sql`true` : sql`(g.owners IS NULL OR g.owners && ${sql.val(owners)}::uuid[])`}
      AND ${after ? sql`(g.kind, g.value) > (${after.kind}, ${after.value})` : sql`true`}
      AND ${rule.fuzzy ? sql`true` : sql`g.kind <> 'p'`}
    ORDER BY g.kind, g.value
    LIMIT ${limit}`.execute(db);
  if (!groups.length) return [];
  // kind is char(1) like the column: compared as text, the index could not use it.
  const { rows: members } = await sql<{ kind: string; value: string; record_id: string }>`
    SELECT q.kind, q.value, m.record_id
    FROM unnest(${sql.val(groups.map((g) => g.kind))}::char(1)[], ${sql.val(groups.map((g) => g.value))}::text[]) AS q(kind, value)
    CROSS JOIN LATERAL (
      SELECT k.record_id FROM duplicate_keys k
      WHERE k.object = ${object} AND k.rule = ${rule.key} AND k.kind = q.kind AND k.value = q.value AND ${scope}
      ORDER BY k.record_id LIMIT ${MAX_MEMBERS}
    ) m`.execute(db);
  // A record has one key per value; only a rebuild racing a write could list it twice.
  return groups.map((g) => ({
    rule: rule.key,
    ...g,
    ids: [...new Set(members.filter((m) => m.kind === g.kind && m.value === g.value).map((m) => m.record_id))],
  }));
}

/** Similar names of the next seeds after `after`; each pair is reported once, from its smaller name. */
async function fuzzyGroups(db: Kysely<Database>, object: string, rule: Rule, after: string | null, ctx: AccessContext) {
  const rows = await withSimilarityThreshold(db, rule.threshold, () => sql<{ seed: string; ids: string[] | null; size: number }>`
    WITH seeds AS (
      SELECT DISTINCT k.value FROM duplicate_keys k
      WHERE k.object = ${object} AND k.rule = ${rule.key} AND k.kind = 'n' AND ${scopeCondition(ctx, object, 'read', 'k')}
        AND ${after !== null ? sql`k.value > ${after}` : sql`true`}
      ORDER BY k.value LIMIT ${FUZZY_SEEDS_PER_PAGE}
    )
    SELECT s.value AS seed, m.ids, coalesce(m.size, 0) AS size FROM seeds s
    LEFT JOIN LATERAL (
      SELECT (array_agg(DISTINCT k.record_id))[1:${MAX_MEMBERS}] AS ids, count(DISTINCT k.record_id)::int AS size FROM duplicate_keys k
      WHERE k.kind = 'n' AND k.value % s.value AND k.object = ${object} AND k.rule = ${rule.key}
        AND (k.value = s.value OR (k.value > s.value AND similarity(k.value, s.value) >= ${rule.threshold}))
        AND ${scopeCondition(ctx, object, 'read', 'k')}
      HAVING count(DISTINCT k.value) > 1
    ) m ON true
    ORDER BY s.value`);
  const groups: GroupRow[] = rows.filter((r) => r.ids && r.size > 1).map((r) => ({ rule: rule.key, kind: 'f', value: r.seed, ids: r.ids!, size: r.size }));
  const lastSeed = rows.length === FUZZY_SEEDS_PER_PAGE ? rows[rows.length - 1].seed : null;
  return { rows: groups, lastSeed };
}

/** A pinyin group whose members all share one normalised name (or name + company) already appears as an exact group. */
async function dropPinyinEchoes(db: Kysely<Database>, object: string, groups: GroupRow[]): Promise<GroupRow[]> {
  const pinyin = groups.filter((g) => g.kind === 'p');
  if (!pinyin.length) return groups;
  const { rows } = await sql<{ record_id: string; rule: string; value: string }>`
    SELECT record_id, rule, value FROM duplicate_keys
    WHERE object = ${object} AND kind <> 'p' AND record_id = ANY(${sql.val(pinyin.flatMap((g) => g.ids))}::uuid[])`.execute(db);
  return groups.filter((g) => {
    if (g.kind !== 'p') return true;
    const names = new Set(rows.filter((r) => r.rule === g.rule && g.ids.includes(r.record_id)).map((r) => r.value));
    return names.size > 1;
  });
}

/** The owners whose records the user may read, or 'all' (scopeCondition's rule, as a list). */
function scopeOwners(ctx: AccessContext, object: string): string[] | 'all' {
  const scope = scopeFor(ctx, object, 'read');
  if (scope === 'all') return 'all';
  if (scope === 'team') return ctx.teamUserIds.length ? ctx.teamUserIds : [ctx.userId!];
  return scope === 'own' && ctx.userId ? [ctx.userId] : [];
}

function decodeCursor(cursor: string | undefined): Cursor | null {
  if (!cursor) return null;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as Cursor;
    if ((parsed.mode === 'exact' || parsed.mode === 'fuzzy') && typeof parsed.rule === 'string' && typeof parsed.kind === 'string' && typeof parsed.value === 'string') return parsed;
  } catch {
    // fall through
  }
  throw badRequest('cursor is not one this endpoint returned', [{ path: 'cursor', message: 'invalid cursor' }]);
}
