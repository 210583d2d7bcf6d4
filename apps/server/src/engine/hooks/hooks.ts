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
}

export type HookName = 'beforeCreate' | 'beforeUpdate' | 'afterCreate' | 'afterUpdate' | 'afterDelete' | 'afterRestore';
export type Hook = (event: HookEvent) => void | Promise<void>;

/**
 * How domain modules add behaviour to the engine without the engine knowing them:
 * hooks.on('deals', 'beforeUpdate', fn). '*' matches every object.
 */
export class RecordHooks {
  private hooks = new Map<string, Hook[]>();

  on(object: string, name: HookName, hook: Hook) {
    const key = `${object}:${name}`;
    this.hooks.set(key, [...(this.hooks.get(key) ?? []), hook]);
  }

  /** Whether any hook applies, so bulk paths can skip per-row work when none does. */
  has(object: string, name: HookName): boolean {
    return Boolean(this.hooks.get(`${object}:${name}`)?.length || this.hooks.get(`*:${name}`)?.length);
  }

  async run(name: HookName, event: HookEvent) {
    for (const key of [`${event.object}:${name}`, `*:${name}`]) {
      for (const hook of this.hooks.get(key) ?? []) await hook(event);
    }
  }
}
