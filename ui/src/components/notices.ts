import { useSyncExternalStore } from 'react';

export interface Notice {
  id: number;
  text: string;
}
let notices: Notice[] = [];
let nextId = 1;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach(l => l());

export function notify(text: string) {
  const id = nextId++;
  notices = [...notices, { id, text }];
  emit();
  setTimeout(() => {
    notices = notices.filter(n => n.id !== id);
    emit();
  }, 4000);
}

export function useNotices(): Notice[] {
  return useSyncExternalStore(
    l => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => notices,
  );
}
