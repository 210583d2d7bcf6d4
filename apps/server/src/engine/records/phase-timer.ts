/**
 * Wall time per phase of a long job, summed over its batches and logged at the end when
 * CRM_PROFILE_PHASES is set (how docs/performance-import.md's breakdown was measured).
 */
export class PhaseTimer {
  private readonly totals = new Map<string, number>();
  readonly enabled = Boolean(process.env.CRM_PROFILE_PHASES);

  async time<T>(phase: string, fn: () => Promise<T> | T): Promise<T> {
    if (!this.enabled) return fn();
    const started = performance.now();
    try {
      return await fn();
    } finally {
      this.add(phase, performance.now() - started);
    }
  }

  timeSync<T>(phase: string, fn: () => T): T {
    if (!this.enabled) return fn();
    const started = performance.now();
    try {
      return fn();
    } finally {
      this.add(phase, performance.now() - started);
    }
  }

  /** Peaks of the process's memory (MB), sampled at most twice a second: what an RSS limit is made of. */
  private readonly peaks = { rss: 0, heapTotal: 0, heapUsed: 0, external: 0 };
  private sampledAt = 0;

  add(phase: string, ms: number) {
    if (!this.enabled) return;
    this.totals.set(phase, (this.totals.get(phase) ?? 0) + ms);
    if (Date.now() - this.sampledAt < 500) return;
    this.sampledAt = Date.now();
    const usage = process.memoryUsage();
    for (const key of Object.keys(this.peaks) as (keyof typeof this.peaks)[]) this.peaks[key] = Math.max(this.peaks[key], Math.round(usage[key] / 2 ** 20));
  }

  log(label: string) {
    if (!this.enabled) return;
    const parts = [...this.totals].map(([phase, ms]) => `${phase}=${(ms / 1000).toFixed(2)}s`);
    const peaks = Object.entries(this.peaks).map(([key, mb]) => `${key}=${mb}MB`);
    console.log(`[phases] ${label} ${parts.join(' ')} peak ${peaks.join(' ')}`);
  }
}

/** One timer for the process: bulk writes add their own phases to it. */
export const phases = new PhaseTimer();
