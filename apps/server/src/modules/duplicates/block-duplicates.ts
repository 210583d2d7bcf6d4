import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import type { Engine } from '../../engine/index.js';
import { ApiError } from '../../http/errors.js';
import { matchesAnywhere } from './owned-elsewhere.js';
import { loadRules, objectsWithRules, usableRules, type Rule } from './rules.js';

const CACHE_MS = 2000;
const cache = new Map<string, { at: number; rules: Rule[] }>();

/** Drops cached rules after an administrator saved one (other instances follow within CACHE_MS). */
export function forgetBlockingRules() {
  cache.clear();
}

/** The object's rules, read at most every CACHE_MS: a big import creates thousands of records a second. */
async function rulesOf(db: Kysely<Database>, object: string): Promise<Rule[]> {
  const hit = cache.get(object);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.rules;
  const rules = await loadRules(db, object);
  cache.set(object, { at: Date.now(), rules });
  return rules;
}

/**
 * 撞单 block: when an administrator sets a rule to block, a user's new record whose key matches a
 * live record anywhere in the company (whoever owns it) is refused with 409 naming the field and the
 * owner. Only rules over fields the user may read apply (a refusal must not reveal a hidden value).
 * Creates only: merges and edits of existing records are not refused. Writes by the system (demo
 * data, automation) are not refused either, nor import batches: an import matches existing records
 * itself (update or skip), and one refused row would fail the whole batch.
 */
export function registerDuplicateBlock(engine: Engine) {
  for (const object of objectsWithRules()) {
    engine.hooks.on(object, 'beforeCreate', async ({ ctx, trx, values, importId }) => {
      if (ctx.userId === null || importId) return;
      const blocking = usableRules(await rulesOf(trx, object), ctx).filter((r) => r.block);
      if (!blocking.length) return;
      const meta = engine.metadata.get(object);
      const [hit] = await matchesAnywhere(trx, meta, blocking, values, {});
      if (!hit) return;
      const rule = blocking.find((r) => r.key === hit.matches[0].rule)!;
      const field = rule.fields.find((f) => values[f] !== undefined && values[f] !== null && values[f] !== '') ?? rule.fields[0];
      const owner = hit.owner ?? 'nobody (public pool)';
      throw new ApiError('conflict', `a ${meta.label.en.toLowerCase()} with the same ${rule.label.en.toLowerCase()} already exists (owner: ${owner}); duplicates are not allowed`, [
        { path: field, message: `already exists, owner: ${owner}` },
      ]);
    });
  }
}
