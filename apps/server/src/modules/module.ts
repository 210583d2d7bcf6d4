import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { DatabaseHandle } from '../db/connection.js';
import type { Database } from '../db/types.js';
import type { Engine } from '../engine/index.js';
import type { EventBus } from '../engine/jobs/event-bus.js';
import type { JobRunner } from '../engine/jobs/job-runner.js';

/** What a module gets to plug itself in. */
export interface ModuleContext {
  engine: Engine;
  bus: EventBus;
  db: Kysely<Database>;
  handle: DatabaseHandle;
}

/**
 * A domain module. Each step is optional and runs for every module in order:
 * register (objects, hooks, bus subscribers; before tables are synced) → routes → startJobs
 * (pg-boss queues, workers and schedules; only when the app runs background jobs) → stop.
 */
export interface CrmModule {
  name: string;
  register?(ctx: ModuleContext): void;
  routes?(app: FastifyInstance, ctx: ModuleContext): void | Promise<void>;
  startJobs?(jobs: JobRunner, ctx: ModuleContext): Promise<void>;
  /** Gets the same context as the other steps, so a module can keep state per app. */
  stop?(ctx: ModuleContext): Promise<void>;
}
