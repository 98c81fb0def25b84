import cytoscape from 'cytoscape';

/**
 * A highlight for big graphs that leaves the big canvas alone. Dimming the rest the usual way (a class on every
 * other element) restyles and redraws all of them: about 1.5 s at 10k twins and 20k relationships on a machine
 * without a GPU, for a highlight of a few hundred. Instead a veil (a translucent layer in the canvas's background
 * colour) covers the canvas, and a second, small Cytoscape instance above it draws copies of only the matched twins,
 * in step with the big canvas's viewport, drags and selection. Neither takes pointer events: clicks, drags and the
 * keyboard still reach the big canvas. Its cost is proportional to the matches, not to the graph.
 *
 * The layer and its instance are made once per canvas (`prepare`, when the canvas first holds a big graph, so that
 * the first highlight does not pay for them) and then only filled and emptied.
 */
export class Spotlight {
  private layer: HTMLDivElement | null = null;
  private spot: cytoscape.Core | null = null;
  private shown = false;

  constructor(readonly cy: cytoscape.Core) {}

  /** Makes the layer and its instance, hidden. */
  prepare(): void {
    if (this.spot) return;
    const container = this.cy.container();
    const host = container?.parentElement;
    if (!container || !host) return;
    const layer = document.createElement('div');
    layer.className = 'graph-spotlight';
    layer.dataset.testid = 'graph-spotlight';
    layer.setAttribute('aria-hidden', 'true');
    layer.hidden = true;
    host.appendChild(layer);
    this.layer = layer;
    this.spot = cytoscape({
      container: layer,
      // Cytoscape's default initial layout ('null') would put every copy at the origin.
      layout: { name: 'preset' },
      userPanningEnabled: false,
      userZoomingEnabled: false,
      boxSelectionEnabled: false,
      minZoom: this.cy.minZoom(),
      maxZoom: this.cy.maxZoom(),
    });
    this.cy.on('viewport', this.follow);
    this.cy.on('resize', this.resize);
    this.cy.on('position', 'node', this.moved);
    this.cy.on('select unselect', 'node', this.selection);
  }

  show(matched: cytoscape.NodeCollection): void {
    this.prepare();
    const { spot, layer } = this;
    if (!spot || !layer) return;
    spot.elements().remove();
    // The big canvas's own stylesheet (colours, shapes, the highlight rule, the theme), so a copy looks like its twin.
    spot.style((this.cy.style() as unknown as { json(): cytoscape.StylesheetJson }).json());
    spot.add(matched.map((n) => ({ group: 'nodes' as const, data: { ...n.data() }, position: { ...n.position() }, classes: 'highlighted', selected: n.selected() })));
    layer.dataset.matches = String(matched.length);
    layer.hidden = false;
    this.shown = true;
    this.resize();
  }

  hide(): void {
    if (!this.shown || !this.spot || !this.layer) return;
    this.shown = false;
    this.layer.hidden = true;
    delete this.layer.dataset.matches;
    this.spot.elements().remove();
  }

  destroy(): void {
    this.cy.off('viewport', this.follow);
    this.cy.off('resize', this.resize);
    this.cy.off('position', 'node', this.moved);
    this.cy.off('select unselect', 'node', this.selection);
    this.spot?.destroy();
    this.layer?.remove();
    this.spot = null;
    this.layer = null;
  }

  private readonly follow = () => {
    if (this.shown) this.spot?.viewport({ zoom: this.cy.zoom(), pan: this.cy.pan() });
  };

  private readonly resize = () => {
    const container = this.cy.container();
    if (!this.shown || !container || !this.layer || !this.spot) return;
    // Exactly over the big canvas, wherever the stage puts it.
    Object.assign(this.layer.style, { left: `${container.offsetLeft}px`, top: `${container.offsetTop}px`, width: `${container.clientWidth}px`, height: `${container.clientHeight}px` });
    this.spot.resize();
    this.follow();
  };

  private readonly moved = (e: cytoscape.EventObject) => {
    const copy = this.shown ? this.spot?.getElementById(e.target.id()) : undefined;
    if (copy && copy.nonempty()) copy.position({ ...(e.target as cytoscape.NodeSingular).position() });
  };

  private readonly selection = (e: cytoscape.EventObject) => {
    const copy = this.shown ? this.spot?.getElementById(e.target.id()) : undefined;
    if (!copy || copy.empty()) return;
    if (e.type === 'select') copy.select();
    else copy.unselect();
  };
}
