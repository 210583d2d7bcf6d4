import type { Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';
import type { EventRow } from './event-rows.js';
import { writeEvents } from './write-events.js';

/** Flush settings: CRM_TRACKING_FLUSH_MS (default 250) and CRM_TRACKING_FLUSH_EVENTS (default 500). */
export function bufferConfig() {
  return { intervalMs: Number(process.env.CRM_TRACKING_FLUSH_MS || 250), maxRows: Number(process.env.CRM_TRACKING_FLUSH_EVENTS || 500) };
}

/**
 * Collects accepted events in memory and writes them in batches: every `intervalMs`, or at once when
 * `maxRows` are waiting. One write at a time; when far more is waiting than one write takes, callers
 * wait for the write in progress (back-pressure instead of unbounded memory). Events in memory when
 * the process dies are lost: a page view is not worth a write per request.
 */
export class EventBuffer {
  private rows: EventRow[] = [];
  private timer: NodeJS.Timeout | null = null;
  /** Writes run one after another on this chain. */
  private chain: Promise<void> = Promise.resolve();
  private busy = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly config = bufferConfig(),
  ) {}

  async add(rows: EventRow[]) {
    this.rows.push(...rows);
    if (this.rows.length >= this.config.maxRows * 10 && this.busy) await this.chain;
    if (this.rows.length >= this.config.maxRows) void this.flush();
    else if (!this.timer) this.timer = setTimeout(() => void this.flush(), this.config.intervalMs);
  }

  /** Writes everything waiting; resolves when it (and any write before it) is done. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.chain = this.chain.then(async () => {
      this.busy = true;
      while (this.rows.length) {
        const batch = this.rows.splice(0, this.config.maxRows * 4);
        await writeEvents(this.db, batch).catch((error) => console.error('[tracking] could not write', batch.length, 'events', error));
      }
      this.busy = false;
    });
    return this.chain;
  }

  get pending() {
    return this.rows.length;
  }
}
