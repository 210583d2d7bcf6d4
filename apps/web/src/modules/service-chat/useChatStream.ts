import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { chatKeys } from './api';

/**
 * The console's live line: /api/v1/chat/stream names chats that changed (on any app instance) and
 * the console refetches them; it also keeps the agent counted as present while the page is open.
 * Returns whether it is connected.
 */
export function useChatStream(onChange?: (sessionId: string, kind: string) => void): boolean {
  const qc = useQueryClient();
  const [live, setLive] = useState(false);
  useEffect(() => {
    const source = new EventSource('/api/v1/chat/stream');
    const refreshAll = () => void qc.invalidateQueries({ queryKey: chatKeys.all });
    source.addEventListener('ready', () => {
      setLive(true);
      refreshAll();
    });
    source.addEventListener('error', () => setLive(false));
    source.addEventListener('resync', refreshAll);
    source.addEventListener('chat', (event) => {
      try {
        const { sessionId, kind } = JSON.parse((event as MessageEvent).data) as { sessionId: string; kind: string };
        void qc.invalidateQueries({ queryKey: chatKeys.sessions });
        void qc.invalidateQueries({ queryKey: chatKeys.session(sessionId) });
        onChange?.(sessionId, kind);
      } catch {
        refreshAll();
      }
    });
    return () => {
      source.close();
      setLive(false);
    };
    // onChange is read at event time through the first render's closure on purpose.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [qc]);
  return live;
}
