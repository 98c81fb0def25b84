import type { ModelData } from '../../shared/adt';

/** The display name of a model (English, else any language), else the last part of its id. */
export function modelLabel(model: Pick<ModelData, 'id' | 'displayName'> | undefined, id: string): string {
  const names = model?.displayName;
  const name = names ? (names.en ?? Object.values(names)[0]) : undefined;
  if (typeof name === 'string' && name !== '') return name;
  const m = /^dtmi:(?:.*:)?([^:;]+)(?:;[\d.]+)?$/.exec(id);
  return m?.[1] ?? id;
}
