import { useSyncExternalStore } from 'react';
import { api, apiUrl, problemOf } from './client';
import { applyEvent } from './reduce';
import type { HistoryEvent, Problem, StateResponse, StreamEventType } from './types';
import { streamEventTypes } from './types';

export type Connection = 'connecting' | 'live' | 'reconnecting';

export interface Snapshot {
  state?: StateResponse;
  loadError?: Problem;
  connection: Connection;
  /** Bumped on every history event, so views showing history can refresh. */
  historyTick: number;
  lastHistory?: HistoryEvent;
}

/**
 * The live state: GET api/state once, then SSE deltas from api/events. The stream is opened first and deltas that
 * arrive while the snapshot loads are applied on top of it (each is a full replacement, so this is safe).
 */
export class LiveStore {
  private snap: Snapshot = { connection: 'connecting', historyTick: 0 };
  private listeners = new Set<() => void>();
  private source?: EventSource;
  private buffer: Array<[StreamEventType, unknown]> | null = null;
  private lastEventId?: string;
  private retry?: ReturnType<typeof setTimeout>;
  private retryDelay = 1000;
  private stopped = false;

  subscribe = (l: () => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };
  getSnapshot = () => this.snap;

  private set(patch: Partial<Snapshot>) {
    this.snap = { ...this.snap, ...patch };
    this.listeners.forEach(l => l());
  }

  start() {
    this.stopped = false;
    this.connect();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.retry);
    this.source?.close();
  }

  async reload() {
    this.buffer = [];
    try {
      let state = await api.state();
      for (const [type, data] of this.buffer) {
        const next = applyEvent(state, type, data as never);
        if (next !== 'reload') state = next;
      }
      this.set({ state, loadError: undefined });
    } catch (e) {
      this.set({ loadError: problemOf(e) });
    } finally {
      this.buffer = null;
    }
  }

  /** Applies an event as if it came from the stream (also used by tests). */
  receive(type: StreamEventType, data: unknown) {
    if (type === 'history') {
      this.set({ historyTick: this.snap.historyTick + 1, lastHistory: data as HistoryEvent });
      return;
    }
    if (this.buffer) {
      this.buffer.push([type, data]);
      return;
    }
    if (!this.snap.state) return;
    const next = applyEvent(this.snap.state, type, data as never);
    if (next === 'reload') void this.reload();
    else if (next !== this.snap.state) this.set({ state: next });
  }

  private connect() {
    if (this.stopped || typeof EventSource === 'undefined') {
      if (!this.snap.state) void this.reload();
      return;
    }
    const url = apiUrl('events', this.lastEventId ? { lastEventId: this.lastEventId } : undefined);
    const source = new EventSource(url);
    this.source = source;
    let everOpen = false;
    source.onopen = () => {
      // First connection, or a reconnection with no event id to resume from: take a fresh snapshot.
      // Otherwise the aggregator replays what followed the last event (Last-Event-ID / lastEventId).
      const resync = !this.snap.state || this.snap.connection === 'reconnecting' && !this.lastEventId;
      everOpen = true;
      this.retryDelay = 1000;
      this.set({ connection: 'live' });
      if (resync) void this.reload();
    };
    for (const type of streamEventTypes) {
      source.addEventListener(type, (ev: MessageEvent) => {
        if (ev.lastEventId) this.lastEventId = ev.lastEventId;
        let data: unknown;
        try {
          data = JSON.parse(ev.data);
        } catch {
          return;
        }
        this.receive(type, data);
      });
    }
    source.onerror = () => {
      this.set({ connection: 'reconnecting' });
      if (source.readyState === EventSource.CLOSED) {
        // The browser gave up (e.g. a non-200 answer): retry ourselves with backoff, resuming after the last id.
        source.close();
        clearTimeout(this.retry);
        this.retry = setTimeout(() => this.connect(), this.retryDelay);
        this.retryDelay = Math.min(this.retryDelay * 2, 15000);
        if (!everOpen && !this.snap.state) void this.reload();
      }
    };
  }
}

export const store = new LiveStore();

export function useLive(s: LiveStore = store): Snapshot {
  return useSyncExternalStore(s.subscribe, s.getSnapshot);
}
