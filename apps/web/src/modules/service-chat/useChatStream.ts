import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { chatKeys } from './api';

/** A visitor counts as typing this long after their last signal (they send one every 2 s while typing). */
const TYPING_SHOWN_MS = 4_000;

/**
 * The console's live line: /api/v1/chat/stream names chats that changed (on any app instance) and
 * the console refetches them; it also keeps the agent counted as present while the page is open.
 * Returns whether it is connected and the chats whose visitor is typing now.
 */
export function useChatStream(onChange?: (sessionId: string, kind: string) => void): { live: boolean; typing: Set<string> } {
  const qc = useQueryClient();
  const [live, setLive] = useState(false);
  const [typing, setTyping] = useState<Set<string>>(() => new Set());
  useEffect(() => {
    const source = new EventSource('/api/v1/chat/stream');
    const refreshAll = () => void qc.invalidateQueries({ queryKey: chatKeys.all });
    source.addEventListener('ready', () => {
      setLive(true);
      refreshAll();
    });
    source.addEventListener('error', () => setLive(false));
    source.addEventListener('resync', refreshAll);
    const timers = new Map<string, ReturnType<typeof setTimeout>>();
    const typingFor = (sessionId: string, on: boolean) =>
      setTyping((current) => {
        if (current.has(sessionId) === on) return current;
        const next = new Set(current);
        if (on) next.add(sessionId);
        else next.delete(sessionId);
        return next;
      });
    source.addEventListener('typing', (event) => {
      const { sessionId } = JSON.parse((event as MessageEvent).data) as { sessionId: string };
      typingFor(sessionId, true);
      clearTimeout(timers.get(sessionId));
      timers.set(sessionId, setTimeout(() => typingFor(sessionId, false), TYPING_SHOWN_MS));
    });
    source.addEventListener('chat', (event) => {
      try {
        const { sessionId, kind } = JSON.parse((event as MessageEvent).data) as { sessionId: string; kind: string };
        // The message the visitor was typing has arrived.
        if (kind === 'message') typingFor(sessionId, false);
        void qc.invalidateQueries({ queryKey: chatKeys.sessions });
        void qc.invalidateQueries({ queryKey: chatKeys.session(sessionId) });
        onChange?.(sessionId, kind);
      } catch {
        refreshAll();
      }
    });
    return () => {
      source.close();
      for (const timer of timers.values()) clearTimeout(timer);
      setLive(false);
    };
    // onChange is read at event time through the first render's closure on purpose.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [qc]);
  return { live, typing };
}
