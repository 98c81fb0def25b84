import cytoscape from 'cytoscape';

/**
 * A highlight for big graphs that leaves the big canvas alone. Dimming the rest the usual way (a class on every
 * other element) restyles and redraws all of them: about 1 s at 10k twins and 20k relationships on a machine without
 * a GPU, for a highlight of a few hundred. Instead a veil (a translucent layer in the canvas's background colour)
 * covers the canvas, and a second, small Cytoscape instance above it draws copies of only the matched twins, in step
 * with the big canvas's viewport and with drags. Neither takes pointer events: clicks, drags and the keyboard still
 * reach the big canvas. Cost: proportional to the matches, not to the graph.
 */
export interface Spotlight {
  /** How many twins it shows. */
  readonly size: number;
  destroy(): void;
}

export function showSpotlight(cy: cytoscape.Core, matched: cytoscape.NodeCollection): Spotlight {
  const container = cy.container();
  const host = container?.parentElement;
  if (!container || !host) return { size: 0, destroy: () => undefined };
  const layer = document.createElement('div');
  layer.className = 'graph-spotlight';
  layer.dataset.testid = 'graph-spotlight';
  layer.dataset.matches = String(matched.length);
  layer.setAttribute('aria-hidden', 'true');
  // Exactly over the big canvas, wherever the stage puts it.
  layer.style.left = `${container.offsetLeft}px`;
  layer.style.top = `${container.offsetTop}px`;
  layer.style.width = `${container.clientWidth}px`;
  layer.style.height = `${container.clientHeight}px`;
  host.appendChild(layer);

  // The big canvas's own stylesheet (colours, shapes, the highlight rule), so a copy looks like its twin.
  const spot = cytoscape({
    container: layer,
    style: (cy.style() as unknown as { json(): cytoscape.StylesheetJson }).json(),
    elements: matched.map((n) => ({ group: 'nodes' as const, data: { ...n.data() }, position: { ...n.position() }, classes: 'highlighted', selected: n.selected() })),
    // Cytoscape's default initial layout ('null') would put every copy at the origin.
    layout: { name: 'preset' },
    userPanningEnabled: false,
    userZoomingEnabled: false,
    boxSelectionEnabled: false,
    minZoom: cy.minZoom(),
    maxZoom: cy.maxZoom(),
    zoom: cy.zoom(),
    pan: cy.pan(),
  });

  const follow = () => spot.viewport({ zoom: cy.zoom(), pan: cy.pan() });
  follow();
  const resize = () => {
    layer.style.width = `${container.clientWidth}px`;
    layer.style.height = `${container.clientHeight}px`;
    spot.resize();
    follow();
  };
  const moved = (e: cytoscape.EventObject) => {
    const copy = spot.getElementById(e.target.id());
    if (copy.nonempty()) copy.position({ ...(e.target as cytoscape.NodeSingular).position() });
  };
  const selection = (e: cytoscape.EventObject) => {
    const copy = spot.getElementById(e.target.id());
    if (copy.nonempty()) {
      if (e.type === 'select') copy.select();
      else copy.unselect();
    }
  };
  cy.on('viewport', follow);
  cy.on('resize', resize);
  cy.on('position', 'node', moved);
  cy.on('select unselect', 'node', selection);
  return {
    size: matched.length,
    destroy: () => {
      cy.off('viewport', follow);
      cy.off('resize', resize);
      cy.off('position', 'node', moved);
      cy.off('select unselect', 'node', selection);
      spot.destroy();
      layer.remove();
    },
  };
}
