import type { ObjectMetadata } from '@crm/schema';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import type { AccessContext, Engine } from '../../engine/index.js';
import { ApiError } from '../../http/errors.js';
import { findBlocked, lockKeys, type Blocked } from './blocked-keys.js';
import { loadRules, objectsWithRules, usableRules, type Rule } from './rules.js';

export type { Blocked } from './blocked-keys.js';

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

/** The blocking rules that apply to a user's creates (rules over fields hidden from them do not). */
async function blockingRules(db: Kysely<Database>, object: string, ctx: AccessContext): Promise<Rule[]> {
  if (ctx.userId === null) return [];
  return usableRules(await rulesOf(db, object), ctx).filter((r) => r.block);
}

/**
 * 撞单 for a batch of new records (an import's creates), in the caller's transaction: per record,
 * what refuses it, or null. With `lock`, the keys' locks are taken first and held until commit, so
 * a concurrent create of the same customer (form, API or another import) waits and then sees this
 * one. Records matching an earlier record of the same batch are refused too.
 */
export async function blockedCreates(trx: Kysely<Database>, meta: ObjectMetadata, ctx: AccessContext, rows: Record<string, unknown>[], options: { lock: boolean }): Promise<(Blocked | null)[]> {
  const rules = await blockingRules(trx, meta.name, ctx);
  if (!rules.length || !rows.length) return rows.map(() => null);
  if (options.lock) await lockKeys(trx, meta.name, rules, rows);
  return findBlocked(trx, meta, rules, rows);
}

/**
 * 撞单 block: when an administrator sets a rule to block, a user's new record whose key matches a
 * live record anywhere in the company (whoever owns it) is refused with 409 naming the field and the
 * owner. Only rules over fields the user may read apply (a refusal must not reveal a hidden value).
 * Creates only: merges and edits of existing records are not refused. Writes by the system (demo
 * data, automation) are not refused either. Import batches check their rows themselves
 * (blockedCreates), so one refused row is rejected alone instead of failing its batch. The key's
 * lock makes two simultaneous creates of the same customer refuse the second.
 */
export function registerDuplicateBlock(engine: Engine) {
  for (const object of objectsWithRules()) {
    engine.hooks.on(object, 'beforeCreate', async ({ ctx, trx, values, importId }) => {
      if (importId) return;
      const meta = engine.metadata.get(object);
      const [hit] = await blockedCreates(trx, meta, ctx, [values], { lock: true });
      if (!hit) return;
      const owner = hit.owner ?? 'nobody (public pool)';
      throw new ApiError('conflict', `a ${meta.label.en.toLowerCase()} with the same ${hit.rule.label.en.toLowerCase()} already exists (owner: ${owner}); duplicates are not allowed`, [
        { path: hit.field, message: `already exists, owner: ${owner}` },
      ]);
    });
  }
}
