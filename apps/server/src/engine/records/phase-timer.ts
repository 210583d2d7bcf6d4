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

  add(phase: string, ms: number) {
    if (this.enabled) this.totals.set(phase, (this.totals.get(phase) ?? 0) + ms);
  }

  log(label: string) {
    if (!this.enabled) return;
    const parts = [...this.totals].map(([phase, ms]) => `${phase}=${(ms / 1000).toFixed(2)}s`);
    console.log(`[phases] ${label} ${parts.join(' ')}`);
  }
}

/** One timer for the process: bulk writes add their own phases to it. */
export const phases = new PhaseTimer();
