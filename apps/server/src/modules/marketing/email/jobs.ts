import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { JobRunner } from '../../../engine/jobs/job-runner.js';
import type { ModuleContext } from '../../module.js';
import { dueSends, runSend, type WorkerDeps } from './worker.js';

const QUEUE = 'marketing-sends';
const SWEEP_MS = Number(process.env.CRM_MARKETING_SWEEP_MS || 10_000);

/** What one app (one createCrm) holds for sending; several apps may share a process (tests). */
interface SendJobs {
  jobs: JobRunner | null;
  deps: WorkerDeps;
  stopping: boolean;
  sweeper?: NodeJS.Timeout;
  active: Set<Promise<unknown>>;
}

const states = new WeakMap<ModuleContext, SendJobs>();

export function sendJobsOf(ctx: ModuleContext): SendJobs {
  let state = states.get(ctx);
  if (!state) {
    const s: SendJobs = {
      jobs: null,
      stopping: false,
      active: new Set(),
      deps: { db: ctx.db, engine: ctx.engine, workerId: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`, stopping: () => s.stopping },
    };
    state = s;
    states.set(ctx, s);
  }
  return state;
}

/** Queues work on a send now, or at `at` (the throttle's next slot, a retry). Extra jobs are harmless: one worker holds a send's lease. */
export async function queueSend(state: SendJobs, sendId: string, at?: Date) {
  if (!state.jobs || state.stopping) return;
  await state.jobs.boss.send(QUEUE, { sendId }, at && at.getTime() > Date.now() ? { startAfter: at } : {});
}

async function sweep(state: SendJobs) {
  if (state.stopping || !state.jobs) return;
  for (const id of await dueSends(state.deps.db)) await queueSend(state, id);
}

/**
 * One pg-boss job works on a send for a slice and queues the next; a sweep (at start and every
 * few seconds) queues sends whose worker died or stopped, once their lease has lapsed.
 */
export async function startSendJobs(jobs: JobRunner, ctx: ModuleContext) {
  const state = sendJobsOf(ctx);
  state.jobs = jobs;
  await jobs.boss.createQueue(QUEUE);
  await jobs.work<{ sendId: string }>(QUEUE, { batchSize: 1, pollingIntervalSeconds: 1 }, async ([job]) => {
    if (state.stopping) return;
    const work = runSend(state.deps, job.data.sendId);
    state.active.add(work);
    try {
      const next = await work;
      if (next && !state.stopping) await queueSend(state, job.data.sendId, next);
    } finally {
      state.active.delete(work);
    }
  });
  await sweep(state);
  state.sweeper = setInterval(() => void sweep(state).catch((error) => console.error('[marketing sends]', error)), SWEEP_MS);
}

/** Workers finish the message in hand, release their lease and leave; the next start resumes. */
export async function stopSendJobs(ctx: ModuleContext) {
  const state = sendJobsOf(ctx);
  state.stopping = true;
  clearInterval(state.sweeper);
  await Promise.allSettled([...state.active]);
}
