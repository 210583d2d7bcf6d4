import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';

/**
 * Fixed-window hit counters shared by every app instance through the tracking_hits table (the same
 * shape as the web forms' web_form_hits), without a database round trip per request: hits are
 * counted here and added to the table every `syncMs` in one statement, which answers each key's
 * total across instances. A key's count is that total plus the hits not yet synced, so one
 * instance is exact and several lag by at most `syncMs`.
 */
export class HitCounter {
  private window = 0;
  private pending = new Map<string, number>();
  /** Hits sent to the table whose totals have not come back yet. */
  private inflight = new Map<string, number>();
  private totals = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private syncing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly windowSeconds = 60,
    private readonly syncMs = 500,
  ) {}

  /** Counts a hit on each key and returns each key's count in the current window. */
  hit(keys: string[], now = Date.now()): number[] {
    const window = Math.floor(now / 1000 / this.windowSeconds) * this.windowSeconds;
    if (window !== this.window) {
      this.window = window;
      this.totals.clear();
      this.inflight.clear();
    }
    if (!this.timer) this.timer = setTimeout(() => void this.sync(), this.syncMs);
    return keys.map((key) => {
      const n = (this.pending.get(key) ?? 0) + 1;
      this.pending.set(key, n);
      return (this.totals.get(key) ?? 0) + (this.inflight.get(key) ?? 0) + n;
    });
  }

  /** Adds the hits counted here to the shared table and learns the totals. */
  sync(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const [window, entries] = [this.window, [...this.pending].sort((a, b) => (a[0] < b[0] ? -1 : 1))];
    this.pending = new Map();
    if (!entries.length) return this.syncing;
    for (const [k, n] of entries) this.inflight.set(k, (this.inflight.get(k) ?? 0) + n);
    this.syncing = this.syncing.then(async () => {
      try {
        const { rows } = await sql<{ ip: string; hits: number }>`
          INSERT INTO tracking_hits (ip, window_start, hits)
          SELECT k, to_timestamp(${window}), n FROM unnest(${sql.val(entries.map((e) => e[0]))}::text[], ${sql.val(entries.map((e) => e[1]))}::int[]) AS x(k, n)
          ON CONFLICT (ip, window_start) DO UPDATE SET hits = tracking_hits.hits + excluded.hits
          RETURNING ip, hits`.execute(this.db);
        if (window === this.window) for (const r of rows) this.totals.set(r.ip, Number(r.hits));
        for (const [k, n] of entries) {
          const left = (this.inflight.get(k) ?? 0) - n;
          if (left > 0) this.inflight.set(k, left);
          else this.inflight.delete(k);
        }
        if (Math.random() < 0.05) await sql`DELETE FROM tracking_hits WHERE window_start < now() - make_interval(secs => ${this.windowSeconds * 2})`.execute(this.db);
      } catch (error) {
        console.error('[tracking] could not sync rate counters', error);
      }
    });
    return this.syncing;
  }
}
