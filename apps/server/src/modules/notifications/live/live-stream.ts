import type { ServerResponse } from 'node:http';
import { writeEvent } from './live-hub.js';

type NotificationRow = { id: string };

/**
 * One browser's stream. It sends each notification once and in id order, across the replay after
 * Last-Event-ID and live pushes: a notification committed just before the browser reconnected is
 * both in the replay and, its NOTIFY arriving late, pushed live. Pushes that arrive while the
 * replay is being read are held and sent after it.
 */
export class LiveStream {
  private sentUpTo: bigint;
  private held: Array<{ row: NotificationRow; unread: number }> | null = [];
  /** Pushes wait for their credential check one after another, so they keep their order. */
  private pushes: Promise<void> = Promise.resolve();

  constructor(
    readonly res: ServerResponse,
    lastEventId: string | null,
    /** Whether the stream's session or API key is still valid (checked before every push). */
    private readonly signedIn: () => Promise<boolean> = async () => true,
  ) {
    this.sentUpTo = lastEventId ? BigInt(lastEventId) : 0n;
  }

  /**
   * Sends a notification if the credentials that opened the stream are still valid, else ends the
   * stream with `signed_out`: nothing reaches a browser after a logout or a revoked API key,
   * not even until the next heartbeat. One indexed lookup per push (pushes are rare, unlike
   * heartbeats), and it sees a revocation made by any app instance.
   */
  push(row: NotificationRow, unread: number) {
    this.pushes = this.pushes.then(async () => {
      const valid = await this.signedIn().catch(() => false);
      if (!valid) return this.signOut();
      if (this.held) this.held.push({ row, unread });
      else this.send(row, unread);
    });
    return this.pushes;
  }

  signOut() {
    writeEvent(this.res, 'signed_out', {});
    this.res.end();
  }

  /** An event that is not a notification; none is needed before the replay, which reads afresh. */
  event(name: string, data: unknown) {
    if (!this.held) writeEvent(this.res, name, data);
  }

  /**
   * Sends the replayed rows (oldest first), then what was pushed meanwhile. A stream without
   * Last-Event-ID passes the newest id `ready` already counted: a late NOTIFY of a notification
   * committed before the connect must not reach the browser as a new one.
   */
  finishReplay(rows: NotificationRow[], unread: number, countedUpTo: string | null = null) {
    if (countedUpTo && BigInt(countedUpTo) > this.sentUpTo) this.sentUpTo = BigInt(countedUpTo);
    for (const row of rows) this.send(row, unread);
    const held = this.held ?? [];
    this.held = null;
    for (const { row, unread: count } of held) this.send(row, count);
  }

  private send(row: NotificationRow, unread: number) {
    const id = BigInt(row.id);
    if (id <= this.sentUpTo) return;
    this.sentUpTo = id;
    writeEvent(this.res, 'notification', { notification: row, unread }, String(row.id));
  }
}
