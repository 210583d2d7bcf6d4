import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import type { AccessContext } from '../permissions/access.js';

export type RecordValues = Record<string, unknown>;

export interface HookEvent {
  object: string;
  ctx: AccessContext;
  /** The open transaction: a hook's own writes commit or roll back with the record's. */
  trx: Kysely<Database>;
  /** Values being written (before hooks may change them). */
  values: RecordValues;
  /** The stored record before an update or delete. */
  previous?: RecordValues;
  /** The stored record after a create or update. */
  record?: RecordValues;
  /** Set when the write is a batch of an import (which has its own matching of existing records). */
  importId?: string;
  /**
   * Set on a bulk insert whose lookup structures (search terms, match keys) are built later by a
   * background pass, which then runs 'afterIndex' for the records: hooks that build such
   * structures on afterCreate leave these records to their afterIndex hook.
   */
  indexLater?: boolean;
}

export type HookName = 'beforeCreate' | 'beforeUpdate' | 'afterCreate' | 'afterUpdate' | 'afterDelete' | 'afterRestore' | 'afterIndex';
export type Hook = (event: HookEvent) => void | Promise<void>;

export type BatchHook = (events: HookEvent[]) => void | Promise<void>;

/**
 * How domain modules add behaviour to the engine without the engine knowing them:
 * hooks.on('deals', 'beforeUpdate', fn). '*' matches every object. A hook that can handle many
 * records in one statement registers with onBatch: single writes call it with one event, bulk
 * writes (imports) with the whole batch, so a million-row import is not a million round trips.
 */
export class RecordHooks {
  private hooks = new Map<string, Hook[]>();
  private batchHooks = new Map<string, BatchHook[]>();

  on(object: string, name: HookName, hook: Hook) {
    const key = `${object}:${name}`;
    this.hooks.set(key, [...(this.hooks.get(key) ?? []), hook]);
  }

  onBatch(object: string, name: HookName, hook: BatchHook) {
    const key = `${object}:${name}`;
    this.batchHooks.set(key, [...(this.batchHooks.get(key) ?? []), hook]);
  }

  /** Whether any hook applies, so bulk paths can skip per-row work when none does. */
  has(object: string, name: HookName): boolean {
    return [this.hooks, this.batchHooks].some((m) => Boolean(m.get(`${object}:${name}`)?.length || m.get(`*:${name}`)?.length));
  }

  async run(name: HookName, event: HookEvent) {
    await this.runBatch(name, event.object, [event]);
  }

  /** Per-record hooks for each event in order, then each batch hook once with all of them. */
  async runBatch(name: HookName, object: string, events: HookEvent[]) {
    if (!events.length) return;
    for (const key of [`${object}:${name}`, `*:${name}`]) {
      for (const hook of this.hooks.get(key) ?? []) for (const event of events) await hook(event);
    }
    for (const key of [`${object}:${name}`, `*:${name}`]) {
      for (const hook of this.batchHooks.get(key) ?? []) await hook(events);
    }
  }
}
