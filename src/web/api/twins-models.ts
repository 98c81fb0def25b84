import type { ModelData } from '../../shared/adt';
import { dtmiShortName } from '../../shared/dtdl';
import { localized } from './models';

/** The display name of a model (English, else any language), else the last part of its id. */
export function modelLabel(model: Pick<ModelData, 'id' | 'displayName'> | undefined, id: string): string {
  const name = localized(model?.displayName);
  return name ? name : dtmiShortName(id);
}

export interface ModelChoice {
  id: string;
  /** What the picker shows: the display name, told apart from another model of the same name where one exists. */
  label: string;
}

/**
 * A model picker's options, sorted by what people read. A DTMI is long and mostly namespace, so the option shows the
 * display name and the DTMI goes in the tooltip; only where two models share a name does the option say which is
 * which (the version when that is all that differs, else the DTMI).
 */
export function modelChoices(models: Iterable<Pick<ModelData, 'id' | 'displayName'>>): ModelChoice[] {
  const named = [...models].map((m) => ({ id: m.id, label: modelLabel(m, m.id) }));
  const byLabel = new Map<string, string[]>();
  for (const c of named) byLabel.set(c.label, [...(byLabel.get(c.label) ?? []), c.id]);
  const unversioned = (id: string) => id.replace(/;[\d.]+$/, '');
  return named
    .map((c) => {
      const same = byLabel.get(c.label) ?? [];
      if (same.length < 2) return c;
      const onlyVersions = same.every((id) => unversioned(id) === unversioned(c.id));
      const version = /;([\d.]+)$/.exec(c.id)?.[1];
      return { id: c.id, label: onlyVersions && version ? `${c.label} (v${version})` : `${c.label} (${c.id})` };
    })
    .sort((a, b) => a.label.localeCompare(b.label) || a.id.localeCompare(b.id));
}
