import type cytoscape from 'cytoscape';
import { tuneRenderer } from './canvas-sync';

/** Whether this browser can give Cytoscape a WebGL context (machines without a GPU often cannot). */
export function webglAvailable(): boolean {
  try {
    return !!document.createElement('canvas').getContext('webgl2');
  } catch {
    return false;
  }
}

/**
 * Re-mounts the renderer with Cytoscape's WebGL option on or off. react-cytoscapejs only passes a fixed set of
 * options to the constructor, so the renderer options are set on the instance and it is mounted again.
 */
export function setWebglRenderer(cy: cytoscape.Core, on: boolean, large: boolean): void {
  const container = cy.container();
  const options = (cy as unknown as { _private: { options: { renderer?: Record<string, unknown> } } })._private.options;
  if (!container || !!options.renderer?.webgl === on) return;
  options.renderer = { ...(options.renderer ?? {}), name: 'canvas', webgl: on };
  cy.unmount();
  cy.mount(container);
  // The new renderer starts from the constructor's options.
  tuneRenderer(cy, large);
}
