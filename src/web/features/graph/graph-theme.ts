import { useSyncExternalStore } from 'react';

/** The colours the canvas draws with, read from the theme's CSS variables. */
export interface GraphColors {
  fg: string;
  muted: string;
  accent: string;
  /** The canvas background: labels are outlined in it, so they stay readable over edges and other nodes. */
  bg: string;
}

export function readGraphColors(): GraphColors {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return { fg: v('--fg', '#222'), muted: v('--fg-muted', '#888'), accent: v('--accent', '#0f62fe'), bg: v('--bg', '#fff') };
}

function subscribe(onChange: () => void): () => void {
  if (typeof MutationObserver === 'undefined') return () => {};
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme', 'class', 'style'] });
  return () => observer.disconnect();
}

const snapshot = () => `${document.documentElement.dataset.theme ?? ''}|${document.documentElement.className}|${document.documentElement.getAttribute('style') ?? ''}`;

/**
 * A key that changes when the page's theme has changed, read after the change is in the DOM. The theme prop alone is
 * not enough: a child's effects run before its parent's, so on a live switch the graph would read the old theme's
 * colours (dark text on a dark canvas) if it restyled on the prop.
 */
export function useAppliedThemeKey(): string {
  return useSyncExternalStore(subscribe, snapshot, () => '');
}
