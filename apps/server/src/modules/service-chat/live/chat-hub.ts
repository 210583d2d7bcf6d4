import type { ServerResponse } from 'node:http';
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';
import { writeEvent, type LiveHub } from '../../notifications/index.js';
import { CHAT_TOPIC, messagesAfter, type ChatChange } from '../sessions/chat-events.js';
import { sessionView } from '../sessions/views.js';

/**
 * One visitor's stream of a chat: each message once, in id order, then the session's state when it
 * changed. Pulls run one after another, so a burst of NOTIFYs reads each message once.
 */
class VisitorStream {
  private pulls: Promise<void> = Promise.resolve();
  private status: string | null = null;

  constructor(
    readonly res: ServerResponse,
    private readonly db: Kysely<Database>,
    readonly sessionId: string,
    private cursor: string | null,
  ) {}

  pull() {
    this.pulls = this.pulls.then(async () => {
      if (this.res.writableEnded) return;
      try {
        for (const m of await messagesAfter(this.db, this.sessionId, this.cursor)) {
          this.cursor = m.id;
          writeEvent(this.res, 'message', m, m.id);
        }
        const view = await sessionView(this.db, this.sessionId);
        if (view && view.status !== this.status) {
          this.status = view.status;
          writeEvent(this.res, 'status', view);
        }
      } catch (error) {
        console.error('[chat] visitor push failed', error);
      }
    });
    return this.pulls;
  }
}

/**
 * The chat streams of this app instance: visitors per session, and agents' consoles. Fed by the
 * notifications hub's LISTEN connection (topic 'chat'), so a message written through any instance
 * reaches the visitor and the agents connected to every instance.
 */
export class ChatHub {
  private visitors = new Map<string, Set<VisitorStream>>();
  private agents = new Set<ServerResponse>();
  private unsubscribe: () => void;

  constructor(
    private readonly db: Kysely<Database>,
    live: LiveHub,
  ) {
    this.unsubscribe = live.subscribe(CHAT_TOPIC, {
      message: (data) => this.changed(String(data.sessionId), data.kind as ChatChange, data),
      resync: () => this.resync(),
    });
  }

  /** Opens a visitor's stream after `cursor` and sends what is already there. */
  addVisitor(res: ServerResponse, sessionId: string, cursor: string | null) {
    const stream = new VisitorStream(res, this.db, sessionId, cursor);
    const set = this.visitors.get(sessionId) ?? new Set();
    set.add(stream);
    this.visitors.set(sessionId, set);
    void stream.pull();
    return () => {
      set.delete(stream);
      if (!set.size) this.visitors.delete(sessionId);
    };
  }

  addAgent(res: ServerResponse) {
    this.agents.add(res);
    return () => void this.agents.delete(res);
  }

  get connectionCount() {
    let n = this.agents.size;
    for (const set of this.visitors.values()) n += set.size;
    return n;
  }

  private changed(sessionId: string, kind: ChatChange, data: Record<string, unknown>) {
    if (kind === 'token') return this.endVisitors();
    if (kind === 'typing') {
      // To the other side only: the visitor sees the agent's name, consoles the chat's id.
      if (data.by === 'agent') for (const stream of this.visitors.get(sessionId) ?? []) writeEvent(stream.res, 'typing', { name: data.name ?? null });
      else for (const res of this.agents) writeEvent(res, 'typing', { sessionId });
      return;
    }
    for (const stream of this.visitors.get(sessionId) ?? []) void stream.pull();
    // Consoles get ids only and refetch what they show through the permission-checked API.
    for (const res of this.agents) writeEvent(res, 'chat', { sessionId, kind });
  }

  private resync() {
    for (const set of this.visitors.values()) for (const stream of set) void stream.pull();
    for (const res of this.agents) writeEvent(res, 'resync', {});
  }

  /** A new widget token: the widgets reconnect with the old one and are refused. */
  private endVisitors() {
    for (const set of this.visitors.values()) for (const s of set) s.res.end();
    this.visitors.clear();
  }

  stop() {
    this.unsubscribe();
    this.endVisitors();
    for (const res of this.agents) res.end();
    this.agents.clear();
  }
}
