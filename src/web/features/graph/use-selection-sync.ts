import { useEffect, useRef } from 'react';
import type cytoscape from 'cytoscape';
import { useGraphStore } from '../../stores/graph';
import { useChanges } from '../../stores/changes';
import { syncHidden, syncSelection } from './canvas-state';
import { isOverviewId } from './overview';

/**
 * Keeps the canvas's selection and the graph store's in step both ways, and puts what the store hides and what live
 * events flash on the canvas. `onPicked` gets the overview's picked models: overview elements stand for many twins,
 * so they are picked for drawing, never selected as twins.
 */
export function useSelectionSync(cy: cytoscape.Core | null, onPicked: (models: string[]) => void): void {
  const model = useGraphStore((s) => s.model);
  const flashing = useChanges((s) => s.flashing);
  const applying = useRef(false);
  const picked = useRef(onPicked);
  picked.current = onPicked;

  useEffect(() => {
    if (!cy) return;
    const onChange = () => {
      if (applying.current) return;
      const ids = cy.$(':selected').map((el) => el.id());
      picked.current(cy.$('node.overview:selected').map((n) => String(n.data('model'))));
      useGraphStore.getState().select(ids.filter((id) => !isOverviewId(id)));
    };
    cy.on('select unselect', onChange);
    return () => {
      cy.off('select unselect', onChange);
    };
  }, [cy]);

  useEffect(() => {
    if (!cy) return;
    applying.current = true;
    // Overview elements stand for models: they are picked on the canvas, never selected from the store.
    syncSelection(cy, model.selection, (id) => !isOverviewId(id));
    applying.current = false;
  }, [cy, model.selection, model.revision]);

  const hiddenOnCanvas = useRef(new Set<string>());
  useEffect(() => {
    if (cy) syncHidden(cy, model.hidden, hiddenOnCanvas.current);
  }, [cy, model.hidden, model.revision]);

  useEffect(() => {
    if (!cy) return;
    cy.batch(() => {
      cy.nodes('.flash').forEach((n) => {
        if (!flashing.has(n.id())) n.removeClass('flash');
      });
      for (const id of flashing) cy.getElementById(id).addClass('flash');
    });
  }, [cy, flashing, model.revision]);
}
