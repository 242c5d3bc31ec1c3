import { useEffect, useState } from 'react';
import { api } from '../api/client';
import type { NotificationReceiverView } from '../api/types';

/** How often the board asks the aggregator how its notification receivers are doing. */
export const RECEIVER_POLL_MS = 15000;

/**
 * A banner for each notification receiver whose last delivery failed (GET api/notifications), with the error the
 * aggregator recorded (never a secret). Shows nothing while every receiver is fine or the call fails.
 */
export function FailingReceivers({ pollMs = RECEIVER_POLL_MS }: { pollMs?: number }) {
  const [failing, setFailing] = useState<NotificationReceiverView[]>([]);
  useEffect(() => {
    let stopped = false;
    const load = async () => {
      try {
        const response = await api.notifications();
        if (!stopped) setFailing((response.receivers ?? []).filter(r => r.failing));
      } catch {
        /* an older aggregator, or a passing failure: nothing to show */
      }
    };
    void load();
    const timer = setInterval(() => void load(), pollMs);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [pollMs]);
  if (failing.length === 0) return null;
  return (
    <div className="failing-receivers" role="status" data-testid="failing-receivers">
      {failing.map(r => (
        <div key={r.name}>
          Notifications to <strong>{r.name}</strong> ({r.type}) are failing{r.lastError ? `: ${r.lastError}` : ''}
          {r.queued > 0 ? ` · ${r.queued} waiting` : ''}
        </div>
      ))}
    </div>
  );
}
