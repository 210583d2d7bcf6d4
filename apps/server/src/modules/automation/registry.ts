import type { ErrorDetail, ObjectMetadata } from '@crm/schema';
import type { Kysely } from 'kysely';
import type { ZodType } from 'zod';
import type { Database } from '../../db/types.js';
import type { Engine } from '../../engine/index.js';
import type { MetadataRegistry } from '../../engine/metadata/registry.js';
import type { PathReader, RecordValues } from './record-paths.js';
import type { Rule, Trigger } from './rule-schema.js';

/** What fired a rule: a record change, an emitted event, a due time or a schedule. */
export interface AutomationEvent {
  /** Unique per triggering occurrence; with the rule it makes the run's idempotency key. */
  key: string;
  /** record.created / record.updated / record.deleted, an emitted event's name, 'time' or 'schedule'. */
  topic: string;
  object: string | null;
  recordId: string | null;
  changes?: Record<string, { from: unknown; to: unknown }>;
  /** Data an emitted event carried. */
  data?: unknown;
  /** How many rule-made changes led here (0 for a user's change). */
  depth: number;
  at: string;
}

export interface ActionContext<C = Record<string, unknown>> {
  config: C;
  rule: Rule;
  event: AutomationEvent;
  object: string | null;
  /** The record as it is now (null for record-less runs or if it is gone). */
  record: RecordValues | null;
  /** Reads record paths such as customer_id.region through the same executor. */
  reader: PathReader | null;
  /** The transaction in which the action is marked done: in-database effects written here happen exactly once. For a dry run: the plain database, read only. */
  trx: Kysely<Database>;
  engine: Engine;
  /** Pass to engine writes (WriteOptions.cause): the change then carries the chain depth. */
  cause: Record<string, unknown>;
  /** rule + event + action index; sent along with outside calls so receivers can drop repeats. */
  idempotencyKey: string;
  timeZone: string;
  now: Date;
  dryRun: boolean;
}

export interface ActionCheckContext {
  metadata: MetadataRegistry;
  meta: ObjectMetadata | null;
  db: Kysely<Database>;
}

export interface ActionType<C = any> {
  /** Validates the action's settings (without `type`). */
  schema: ZodType<C>;
  /** Further checks against metadata when a rule is saved (e.g. the fields exist); paths relative to the action. */
  check?(config: C, ctx: ActionCheckContext): ErrorDetail[] | Promise<ErrorDetail[]>;
  /** Refused on rules that have no object. */
  needsRecord?: boolean;
  /** Calls the outside world: runs outside the transaction, at least once, with the idempotency key. */
  external?: boolean;
  /** What it would do, in words, without doing it (dry run). */
  describe(ctx: ActionContext<C>): Promise<string> | string;
  /** Does it; the returned value is stored in the run log. */
  run(ctx: ActionContext<C>): Promise<unknown>;
  /**
   * Optional: does it for many runs of one rule at once (an import's runs), with set-based writes in
   * the one transaction all contexts share; returns one result per context, in order. Throwing
   * fails the whole call: the executor then runs each context with `run`, so one bad record fails
   * only its own run.
   */
  runBatch?(ctxs: ActionContext<C>[]): Promise<unknown[]>;
}

export interface TriggerType<T = any> {
  schema: ZodType<T>;
  /** Event topics that may fire it (record.updated, web_form.submitted, …; '*' = any emitted event); none for scanned triggers. */
  topics: string[];
  needsObject: boolean;
  matches?(trigger: T, event: AutomationEvent): boolean;
  check?(trigger: T, ctx: ActionCheckContext): ErrorDetail[];
}

/**
 * A condition another module supplies, used in a rule as a leaf `{field: '$name', op: 'eq' | 'ne', value}`
 * (e.g. marketing's `$segment`: the record is in segment X). `eq` means the test holds, `ne` that it does not.
 */
export interface ConditionType {
  /** What the rule editor shows. */
  label: { zh: string; en: string };
  /** Objects a rule must be on to use it. */
  objects: readonly string[];
  /** The value is the id of a record of this object (the editor offers a picker). */
  valueObject: string;
  /** A field of that record naming the object it applies to (the editor offers only those matching the rule's). */
  valueObjectField?: string;
  /** Checks the value when a rule is saved; messages only (the caller adds the path). */
  check(value: unknown, ctx: ActionCheckContext): Promise<string | null>;
  /** Whether the record meets it, read through `db` with system permissions (rules run as the system). */
  test(db: Kysely<Database>, meta: ObjectMetadata, recordId: string, value: unknown): Promise<boolean>;
}

/** Trigger kinds, action types and module conditions; modules add their own through the automation module's export. */
export class AutomationRegistry {
  readonly actions = new Map<string, ActionType>();
  readonly triggers = new Map<string, TriggerType>();
  readonly conditions = new Map<string, ConditionType>();

  registerCondition(name: `$${string}`, definition: ConditionType) {
    this.conditions.set(name, definition);
  }

  registerAction<C>(type: string, definition: ActionType<C>) {
    this.actions.set(type, definition as ActionType);
  }

  registerTrigger<T>(kind: string, definition: TriggerType<T>) {
    this.triggers.set(kind, definition as TriggerType);
  }

  /** Trigger kinds fired by an event topic. */
  kindsFor(topic: string): string[] {
    return [...this.triggers].filter(([, t]) => t.topics.includes(topic) || (t.topics.includes('*') && !topic.startsWith('record.'))).map(([kind]) => kind);
  }

  trigger(t: Trigger): TriggerType | undefined {
    return this.triggers.get(t.kind);
  }
}
