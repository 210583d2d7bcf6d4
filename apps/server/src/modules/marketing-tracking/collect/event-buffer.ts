import type { Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';
import { ApiError } from '../../../http/errors.js';
import type { EventRow } from './event-rows.js';
import { writeEvents } from './write-events.js';

/**
 * Flush settings: CRM_TRACKING_FLUSH_MS (default 250), CRM_TRACKING_FLUSH_EVENTS (default 500) and
 * CRM_TRACKING_MAX_PENDING (default 20,000): events held in memory at most, whatever happens.
 */
export function bufferConfig() {
  return {
    intervalMs: Number(process.env.CRM_TRACKING_FLUSH_MS || 250),
    maxRows: Number(process.env.CRM_TRACKING_FLUSH_EVENTS || 500),
    maxPending: Number(process.env.CRM_TRACKING_MAX_PENDING || 20_000),
  };
}

/**
 * Collects accepted events in memory and writes them in batches: every `intervalMs`, or at once when
 * `maxRows` are waiting. One write at a time; when far more is waiting than one write takes, callers
 * wait for the write in progress (back-pressure). Memory is bounded: past `maxPending` waiting
 * events a request is refused with 429 (the snippet's batch is lost, the server stays up). A write
 * that fails (database away) is put back and tried again on the next flush, within that bound.
 * The module flushes on shutdown (stop, and the server's onClose after the last request); what a
 * kill -9 or a power cut loses is what waits here: at most `intervalMs` of events, or up to
 * `maxPending` while the database is away. A page view is not worth a write per request.
 */
export class EventBuffer {
  private rows: EventRow[] = [];
  private timer: NodeJS.Timeout | null = null;
  /** Writes run one after another on this chain. */
  private chain: Promise<void> = Promise.resolve();
  private busy = false;
  /** After the last flush at shutdown: a failed write is not tried again. */
  private closed = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly config = bufferConfig(),
  ) {}

  async add(rows: EventRow[]) {
    if (this.rows.length + rows.length > this.config.maxPending) {
      if (!this.timer && !this.busy) this.schedule();
      throw new ApiError('rate_limited', `the server holds ${this.rows.length} events not yet written; try again in a few seconds`);
    }
    this.rows.push(...rows);
    if (this.rows.length >= this.config.maxRows * 10 && this.busy) await this.chain;
    if (this.rows.length >= this.config.maxRows) void this.flush();
    else if (!this.timer) this.schedule();
  }

  private schedule() {
    this.timer = setTimeout(() => void this.flush(), this.config.intervalMs);
  }

  /** Writes everything waiting; resolves when it (and any write before it) is done. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.chain = this.chain.then(async () => {
      this.busy = true;
      while (this.rows.length) {
        const batch = this.rows.splice(0, this.config.maxRows * 4);
        try {
          await writeEvents(this.db, batch);
        } catch (error) {
          console.error('[tracking] could not write', batch.length, 'events; kept for the next flush', error);
          this.rows.unshift(...batch.slice(0, Math.max(0, this.config.maxPending - this.rows.length)));
          if (!this.timer && !this.closed) this.schedule();
          break;
        }
      }
      this.busy = false;
    });
    return this.chain;
  }

  /** The last flush, when the server closes (after its last request). */
  close(): Promise<void> {
    this.closed = true;
    return this.flush();
  }

  get pending() {
    return this.rows.length;
  }
}
