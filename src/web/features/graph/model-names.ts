import type { ModelIndex } from '../../../shared/dtdl';
import { modelLabel } from '../../api/twins-models';
import type { LegendItem } from './GraphLegend';
import { modelAppearance } from './graph-style';

/** What a person calls a model: its DTDL displayName, else the last segment of its DTMI. The DTMI goes in a tooltip. */
export function modelDisplayName(models: Pick<ModelIndex, 'get'> | undefined, id: string): string {
  return modelLabel(models?.get(id), id);
}

/** Twins per model, most common first (ties by name). */
export function countByModel(twins: Iterable<{ $metadata: { $model: string } }>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of twins) counts.set(t.$metadata.$model, (counts.get(t.$metadata.$model) ?? 0) + 1);
  return counts;
}

/** The models legend: one entry per model drawn, with the colour and shape the canvas gives it and its twin count. */
export function modelLegendItems(counts: ReadonlyMap<string, number>, models: Pick<ModelIndex, 'get'> | undefined): LegendItem[] {
  return [...counts]
    .map(([id, count]) => ({ key: id, label: modelDisplayName(models, id), title: id, count, ...modelAppearance(id) }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}
