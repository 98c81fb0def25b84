import { create } from 'zustand';

/** How long a changed twin stays marked in the graph. */
export const FLASH_MS = 1500;

/** Twins that changed on the service just now (live events), so the graph can flash them. */
interface ChangesState {
  flashing: ReadonlySet<string>;
  flash: (ids: Iterable<string>) => void;
}

export const useChanges = create<ChangesState>()((set) => ({
  flashing: new Set(),
  flash: (ids) => {
    const list = [...ids];
    if (list.length === 0) return;
    set((s) => ({ flashing: new Set([...s.flashing, ...list]) }));
    setTimeout(() => {
      set((s) => {
        const next = new Set(s.flashing);
        for (const id of list) next.delete(id);
        return { flashing: next };
      });
    }, FLASH_MS);
  },
}));
