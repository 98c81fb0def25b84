import { create } from 'zustand';
import { persist } from 'zustand/middleware';

interface ConnectionState {
  environmentId: string;
  recent: string[];
  select: (id: string) => void;
}

const MAX_RECENT = 8;

export function pushRecent(recent: readonly string[], id: string): string[] {
  return [id, ...recent.filter((r) => r !== id)].slice(0, MAX_RECENT);
}

export const useConnectionStore = create<ConnectionState>()(
  persist(
    (set) => ({
      environmentId: 'local',
      recent: [],
      select: (id) => set((s) => ({ environmentId: id, recent: pushRecent(s.recent, id) })),
    }),
    { name: 'twinscope.connection', version: 1 },
  ),
);
