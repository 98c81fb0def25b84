import { useEffect, useMemo } from 'react';
import type cytoscape from 'cytoscape';
import type { ModelIndex } from '../../../shared/dtdl';
import { useConnectionStore } from '../../stores/connection';
import type { DigitalTwin } from '../../../shared/adt';
import { useGraphView } from '../../stores/graph-view';
import { twinLabel, useGraphPrefs } from '../../stores/graph-prefs';
import { computeDataStyle, normaliseStyle, parseDataStyle, type DataStyle, type DataStyleResult } from './data-style';

/** The data style of the current environment, and a setter that saves it for that environment. */
export function useCurrentDataStyle(): [DataStyle, (next: DataStyle) => void] {
  const environmentId = useConnectionStore((s) => s.environmentId);
  const stored = useGraphView((s) => s.styles[environmentId]);
  const style = useMemo(() => parseDataStyle(stored ? JSON.stringify(stored) : null), [stored]);
  const set = (next: DataStyle) => useGraphView.getState().setStyle(environmentId, normaliseStyle(next));
  return [style, set];
}

/**
 * Colours, sizes and labels the twins on the canvas by their property values, and keeps doing so as live events
 * change those values (they change the twins' cache entries, which `twins` reads through). Only elements whose styling
 * changed are touched, so an event costs one comparison per styled twin and one write per changed one.
 */
export function useDataStyle(cy: cytoscape.Core | null, ready: boolean, models: ModelIndex | undefined, drawnNodes: number, twins: ReadonlyMap<string, DigitalTwin>): DataStyleResult {
  const [style] = useCurrentDataStyle();
  const labelProperty = useGraphPrefs((s) => s.labelProperty);
  const result = useMemo(() => computeDataStyle(twins.values(), style, (id) => models?.resolve(id)), [twins, style, models]);
  useEffect(() => {
    if (!cy || !ready) return;
    cy.batch(() => {
      cy.nodes().forEach((n) => {
        const want = result.nodes.get(n.id());
        const twin = want?.value !== undefined ? twins.get(n.id()) : undefined;
        const label = want?.value !== undefined ? `${twin ? twinLabel(twin, labelProperty) : n.id()}\n${want.value}` : undefined;
        setOrRemove(n, 'dsColor', want?.color);
        setOrRemove(n, 'dsSize', want?.size);
        setOrRemove(n, 'dsLabel', label);
      });
    });
  }, [cy, ready, result, twins, labelProperty, drawnNodes]);
  return result;
}

function setOrRemove(n: cytoscape.NodeSingular, key: string, value: string | number | undefined): void {
  const current: unknown = n.data(key);
  if (value === undefined) {
    if (current !== undefined) n.removeData(key);
  } else if (current !== value) n.data(key, value);
}

/**
 * Style rules for the data fields above (only while some model is styled: every rule is checked against every element
 * on a restyle, which at 10k+ twins costs real time), and the larger text of presentation mode. Appended after the
 * base sheet.
 */
export function dataStylesheet(colors: { fg: string }, active: boolean, presenting: boolean): cytoscape.StylesheetJsonBlock[] {
  const sheet: cytoscape.StylesheetJsonBlock[] = !active ? [] : [
    { selector: 'node[dsColor]', style: { 'background-color': 'data(dsColor)' } },
    { selector: 'node[dsSize]', style: { width: 'data(dsSize)', height: 'data(dsSize)' } },
    {
      selector: 'node[dsLabel]',
      style: { label: 'data(dsLabel)', 'text-wrap': 'wrap', color: colors.fg, 'font-size': 10, 'text-valign': 'bottom', 'text-margin-y': 3, 'min-zoomed-font-size': 3 },
    },
  ];
  if (presenting) {
    sheet.push(
      { selector: 'node', style: { 'font-size': 16, 'min-zoomed-font-size': 0, 'text-outline-width': 0 } },
      { selector: 'edge', style: { 'font-size': 12 } },
    );
  }
  return sheet;
}
