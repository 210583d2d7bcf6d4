import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { notificationsKey, type AppNotification } from './api';

/**
 * Listens to /api/v1/notifications/stream while signed in and refetches the notification queries
 * when something arrives. EventSource reconnects by itself (the server sends `retry:` and replays
 * what was missed after Last-Event-ID); every (re)connect refetches too, so nothing is stale.
 * Returns whether the stream is connected now.
 */
export function useNotificationStream(onNotification?: (n: AppNotification) => void): boolean {
  const qc = useQueryClient();
  const [live, setLive] = useState(false);
  useEffect(() => {
    const source = new EventSource('/api/v1/notifications/stream');
    const refresh = () => void qc.invalidateQueries({ queryKey: notificationsKey });
    source.addEventListener('ready', () => {
      setLive(true);
      refresh();
    });
    source.addEventListener('error', () => setLive(false));
    source.addEventListener('resync', refresh);
    // Logged out elsewhere or deactivated: stop reconnecting; the next API call shows the login page.
    source.addEventListener('signed_out', () => {
      source.close();
      setLive(false);
    });
    source.addEventListener('notification', (event) => {
      refresh();
      try {
        onNotification?.((JSON.parse((event as MessageEvent).data) as { notification: AppNotification }).notification);
      } catch {
        // a malformed event only costs the toast
      }
    });
    return () => {
      source.close();
      setLive(false);
    };
    // onNotification is read at event time through the closure of the first render on purpose.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [qc]);
  return live;
}
