import { useEffect } from 'react';
import type cytoscape from 'cytoscape';
import { useUi } from '../../stores/ui';
import { arrowDirection, nextNode } from './keyboard-nav';

/** Focuses the first control of the inspector once it has rendered the selection. */
function focusInspector(): void {
  requestAnimationFrame(() => {
    const region = document.querySelector<HTMLElement>('[data-region="inspector"]');
    const target = region?.querySelector<HTMLElement>('button, [href], input, select, textarea, [tabindex]:not([tabindex="-1"])');
    target?.focus();
  });
}

/**
 * The canvas as a keyboard control: reachable with Tab, the arrow keys move the selection to the neighbour in that
 * direction (the view follows it), Enter opens the inspector on it. See WAI-ARIA's guidance on keyboard interaction in
 * composite widgets: https://www.w3.org/WAI/ARIA/apg/practices/keyboard-interface/
 */
export function useCanvasKeyboard(cy: cytoscape.Core | null, ready: boolean): void {
  useEffect(() => {
    if (!cy || !ready) return;
    const container = cy.container();
    if (!container) return;
    container.tabIndex = 0;
    container.setAttribute('role', 'application');
    container.setAttribute('aria-roledescription', 'graph');
    container.setAttribute('aria-label', 'Graph canvas. Arrow keys move the selection between neighbours; Enter opens the inspector.');
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      const direction = arrowDirection(e.key);
      const selected = cy.$('node:selected');
      if (direction) {
        e.preventDefault();
        const current = selected.nonempty() ? (selected.last() as cytoscape.NodeSingular) : null;
        const next = nextNode(cy, current, direction);
        if (!next || next.same(current ?? cy.collection())) return;
        cy.batch(() => {
          cy.$(':selected').unselect();
          next.select();
        });
        const ext = cy.extent();
        const p = next.position();
        if (p.x < ext.x1 || p.x > ext.x2 || p.y < ext.y1 || p.y > ext.y2) cy.animate({ center: { eles: next }, duration: 150 });
        return;
      }
      if (e.key === 'Enter' && selected.nonempty()) {
        e.preventDefault();
        useUi.getState().requestInspect();
        focusInspector();
      }
    };
    container.addEventListener('keydown', onKey);
    return () => container.removeEventListener('keydown', onKey);
  }, [cy, ready]);
}
