import { useSyncExternalStore } from 'react';

// One shared once-a-second clock for everything that shows elapsed time (the rollout progress bars): a single
// interval runs only while at least one component listens, and each tick re-renders only those listeners.
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;
let now = Date.now();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const l of listeners) l();
    }, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

const snapshot = () => now;
const idle = () => () => {};

/** The current time in ms, re-rendering once a second while `active`; `Date.now()` at render when not. */
export function useNow(active: boolean): number {
  const ticking = useSyncExternalStore(active ? subscribe : idle, snapshot, snapshot);
  return active ? Math.max(ticking, Date.now()) : Date.now();
}
