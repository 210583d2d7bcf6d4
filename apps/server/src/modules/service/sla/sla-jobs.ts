import type { ModuleContext } from '../../module.js';
import { serviceClock } from './apply-sla.js';
import { runSlaScan } from './sla-scan.js';

const timers = new WeakMap<ModuleContext, { timer?: NodeJS.Timeout; stopped: boolean }>();
const intervalMs = () => Number(process.env.CRM_SLA_SCAN_MS ?? 60_000);

/** Scans SLA due times every minute in each instance running jobs (the scan is idempotent: a flag is set once). */
export async function startSlaScan(ctx: ModuleContext) {
  const state: { timer?: NodeJS.Timeout; stopped: boolean } = { stopped: false };
  timers.set(ctx, state);
  const tick = async () => {
    try {
      await runSlaScan(ctx.db, serviceClock.now());
    } catch (error) {
      if (!state.stopped) console.error('[service] SLA scan', error);
    }
    if (!state.stopped) state.timer = setTimeout(tick, intervalMs());
  };
  state.timer = setTimeout(tick, intervalMs());
}

export async function stopSlaScan(ctx: ModuleContext) {
  const state = timers.get(ctx);
  if (!state) return;
  state.stopped = true;
  clearTimeout(state.timer);
}
