import { create } from 'zustand';
import type { RequestLogEntry } from '../adt-client';

/** Enough history to debug a session without letting a long-running tab grow without bound. */
export const MAX_LOG_ENTRIES = 500;

interface RequestLogState {
  entries: RequestLogEntry[];
  /** Bodies can hold customer data: they are recorded only while the user has this switched on. */
  logBodies: boolean;
  add: (entry: RequestLogEntry) => void;
  clear: () => void;
  setLogBodies: (on: boolean) => void;
}

export function appendBounded<T>(list: readonly T[], item: T, max: number): T[] {
  const next = list.length >= max ? list.slice(list.length - max + 1) : list.slice();
  next.push(item);
  return next;
}

export const useRequestLog = create<RequestLogState>()((set) => ({
  entries: [],
  logBodies: false,
  add: (entry) => set((s) => ({ entries: appendBounded(s.entries, entry, MAX_LOG_ENTRIES) })),
  clear: () => set({ entries: [] }),
  setLogBodies: (logBodies) => set({ logBodies }),
}));
