import { create } from 'zustand';
import { persist } from 'zustand/middleware';

export const THEMES = ['light', 'dark', 'high-contrast'] as const;
export type Theme = (typeof THEMES)[number];

export function isTheme(value: unknown): value is Theme {
  return typeof value === 'string' && (THEMES as readonly string[]).includes(value);
}

/** The theme to start with before the user has chosen: follow the OS, including forced-colors mode. */
export function systemTheme(matchMedia: ((q: string) => { matches: boolean }) | undefined): Theme {
  if (!matchMedia) return 'light';
  if (matchMedia('(forced-colors: active)').matches || matchMedia('(prefers-contrast: more)').matches) return 'high-contrast';
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

interface PreferencesState {
  theme: Theme | null;
  setTheme: (theme: Theme) => void;
}

export const usePreferences = create<PreferencesState>()(
  persist(
    (set) => ({
      theme: null,
      setTheme: (theme) => set({ theme }),
    }),
    {
      name: 'twinscope.preferences',
      version: 1,
      // A hand-edited or stale value in storage must not break the app; drop it back to "follow the system".
      merge: (persisted, current) => {
        const theme = (persisted as { theme?: unknown } | undefined)?.theme;
        return { ...current, theme: isTheme(theme) ? theme : null };
      },
    },
  ),
);
