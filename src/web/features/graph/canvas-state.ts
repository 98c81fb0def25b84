import type cytoscape from 'cytoscape';

/**
 * What the graph store says is hidden and selected, put on the canvas by touching only the elements whose state
 * changes. Restyling every element (the old way, on every change to the graph) costs seconds at 10k twins: a style
 * change dirties the element's bounds and caches, which the next frame and every hit test recompute.
 */

/**
 * Hides and shows nodes and edges so that exactly the ids in `hidden` are hidden. `applied` is what this canvas has
 * hidden so far; it is updated. Edges of a hidden node need nothing: Cytoscape does not draw an edge whose end is not
 * displayed (https://js.cytoscape.org/#style/visibility).
 */
export function syncHidden(cy: cytoscape.Core, hidden: ReadonlySet<string>, applied: Set<string>): void {
  const hide: cytoscape.SingularElementReturnValue[] = [];
  const show: cytoscape.SingularElementReturnValue[] = [];
  for (const id of hidden) {
    const el = cy.getElementById(id);
    if (el.empty()) continue;
    // Also an element added again under a hidden id: it comes back without its bypass.
    if (!applied.has(id) || el.style('display') !== 'none') hide.push(el);
  }
  for (const id of applied) {
    if (hidden.has(id)) continue;
    const el = cy.getElementById(id);
    if (el.nonempty()) show.push(el);
  }
  if (hide.length === 0 && show.length === 0 && [...applied].every((id) => hidden.has(id))) return;
  cy.batch(() => {
    for (const el of hide) el.style('display', 'none');
    for (const el of show) el.removeStyle('display');
  });
  applied.clear();
  for (const id of hidden) if (cy.getElementById(id).nonempty()) applied.add(id);
}

/** Selects exactly the ids in `selection` (among elements that `selectable` allows), touching only what changes. */
export function syncSelection(cy: cytoscape.Core, selection: ReadonlySet<string>, selectable: (id: string) => boolean): void {
  cy.batch(() => {
    cy.$(':selected').forEach((el) => {
      if (selectable(el.id()) && !selection.has(el.id())) el.unselect();
    });
    for (const id of selection) {
      const el = cy.getElementById(id);
      if (el.nonempty() && !el.selected()) el.select();
    }
  });
}
