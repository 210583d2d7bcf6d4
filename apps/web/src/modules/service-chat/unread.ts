import { useSyncExternalStore } from 'react';
import type { ChatSession } from './api';

/**
 * How many of each chat's visitor messages this agent has seen, kept in this browser: a
 * tab shows the rest as unread, the nav item their sum plus the waiting chats. Not a server state:
 * it only says what this screen has shown.
 */
const KEY = 'crm-chat-seen';
const listeners = new Set<() => void>();
let seen: Record<string, number> = read();

function read(): Record<string, number> {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? '{}') as Record<string, number>;
  } catch {
    return {};
  }
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

export function markSeen(session: ChatSession) {
  if ((seen[session.id] ?? 0) >= session.visitorMessages) return;
  seen = { ...seen, [session.id]: session.visitorMessages };
  try {
    localStorage.setItem(KEY, JSON.stringify(seen));
  } catch {
    // private mode: counts last for this page only
  }
  for (const l of listeners) l();
}

export function useSeen(): Record<string, number> {
  return useSyncExternalStore(subscribe, () => seen);
}

export const unreadOf = (session: ChatSession, seenCounts: Record<string, number>) => Math.max(0, session.visitorMessages - (seenCounts[session.id] ?? 0));

/** The nav item's number: waiting chats within reach plus unread messages in the agent's own chats. */
export function attentionCount(sessions: ChatSession[], userId: string | undefined, seenCounts: Record<string, number>) {
  return sessions.reduce((n, s) => n + (s.status === 'waiting' ? 1 : s.status === 'active' && s.agentId === userId ? unreadOf(s, seenCounts) : 0), 0);
}
