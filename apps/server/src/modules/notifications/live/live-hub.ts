import type { ServerResponse } from 'node:http';
import type { Kysely } from 'kysely';
import type { DatabaseHandle } from '../../../db/connection.js';
import type { Database } from '../../../db/types.js';
import { NOTIFICATION_COLUMNS, unreadCount } from '../inbox/notification-rows.js';
import { channelFor, type LiveMessage, type TopicMessage } from './channel.js';
import type { LiveStream } from './live-stream.js';

/** A module's listener on a topic: each message, and a call after the LISTEN connection came back. */
export interface TopicListener {
  message(data: Record<string, unknown>): void;
  resync(): void;
}

/**
 * The open SSE streams of this app instance, per user, fed by LISTEN on the database: a
 * notification committed by any instance reaches the browsers connected to every instance. Other
 * modules share the one LISTEN connection through topics (live chat).
 */
export class LiveHub {
  private streams = new Map<string, Set<LiveStream>>();
  private topics = new Map<string, Set<TopicListener>>();
  private unlisten: (() => Promise<void>) | null = null;
  /** Called when deliveries were queued somewhere (wakes this instance's delivery relay). */
  onDeliveries: (() => void) | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly handle: DatabaseHandle,
  ) {}

  async start() {
    this.unlisten = await this.handle.listen(channelFor(this.handle.schema), (payload) => void this.receive(payload), () => this.resyncAll());
  }

  add(userId: string, stream: LiveStream) {
    const set = this.streams.get(userId) ?? new Set();
    set.add(stream);
    this.streams.set(userId, set);
  }

  remove(userId: string, stream: LiveStream) {
    const set = this.streams.get(userId);
    set?.delete(stream);
    if (set && !set.size) this.streams.delete(userId);
  }

  /** Hears the topic's messages (sent with announce, type 'topic') until the returned function is called. */
  subscribe(topic: string, listener: TopicListener): () => void {
    const set = this.topics.get(topic) ?? new Set();
    set.add(listener);
    this.topics.set(topic, set);
    return () => void set.delete(listener);
  }

  get connectionCount() {
    let n = 0;
    for (const set of this.streams.values()) n += set.size;
    return n;
  }

  private async receive(payload: string) {
    let message: LiveMessage;
    try {
      message = JSON.parse(payload) as LiveMessage;
    } catch {
      return;
    }
    if (message.type === 'deliveries') return this.onDeliveries?.();
    if (message.type === 'topic') return this.toTopic(message);
    const set = this.streams.get(message.userId);
    if (!set?.size) return;
    try {
      const row = await this.db.selectFrom('notifications').select(NOTIFICATION_COLUMNS).where('id', '=', message.id).where('user_id', '=', message.userId).executeTakeFirst();
      if (!row) return;
      const unread = await unreadCount(this.db, message.userId);
      for (const stream of set) stream.push(row, unread);
    } catch (error) {
      console.error('[notifications] live push failed', error);
    }
  }

  private toTopic(message: TopicMessage) {
    for (const listener of this.topics.get(message.topic) ?? []) {
      try {
        listener.message(message.data);
      } catch (error) {
        console.error(`[live] ${message.topic} listener failed`, error);
      }
    }
  }

  /** After the LISTEN connection was lost for a while: tell every browser and topic to refetch. */
  private resyncAll() {
    for (const set of this.streams.values()) for (const stream of set) stream.event('resync', {});
    for (const set of this.topics.values()) for (const listener of set) listener.resync();
  }

  async stop() {
    for (const set of this.streams.values()) for (const stream of set) stream.res.end();
    this.streams.clear();
    this.topics.clear();
    await this.unlisten?.();
    this.unlisten = null;
  }
}

export function writeEvent(res: ServerResponse, event: string, data: unknown, id?: string) {
  // A browser that just went away is removed on its 'close'; until then, do not write into it.
  if (res.writableEnded || res.destroyed) return;
  res.write(`${id ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}
