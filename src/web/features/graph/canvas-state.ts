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
  // Collections grow in place with merge (https://js.cytoscape.org/#eles.merge).
  const hide = cy.collection();
  const show = cy.collection();
  for (const id of hidden) {
    const el = cy.getElementById(id);
    if (el.empty()) continue;
    // Also an element added again under a hidden id: it comes back without its bypass.
    if (!applied.has(id) || el.style('display') !== 'none') hide.merge(el);
  }
  for (const id of applied) {
    if (hidden.has(id)) continue;
    const el = cy.getElementById(id);
    if (el.nonempty()) show.merge(el);
  }
  if (hide.empty() && show.empty() && [...applied].every((id) => hidden.has(id))) return;
  // One bypass call per collection, not per element: Cytoscape parses the property once for all of them
  // (hiding 9,400 of 10,000 twins: 1.3 s to the next frame instead of 1.9 s, bench/_graph-profile.ts).
  cy.batch(() => {
    if (hide.nonempty()) hide.style('display', 'none');
    if (show.nonempty()) show.removeStyle('display');
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
