import { ModelIndex, validateModels } from '../../shared/dtdl';
import type { InterfaceInfo } from '../../shared/dtdl';

/**
 * Rebuilds the model index from stored documents (in upload order) when a store opens.
 * The documents were validated on upload; should a stricter validator now refuse the set as a whole, the models
 * are re-added one by one so that one bad document does not hide all the others. Returns the ids left out.
 */
export function buildModelIndex(documents: Record<string, unknown>[]): { index: ModelIndex; rejected: string[] } {
  const index = new ModelIndex();
  if (documents.length === 0) return { index, rejected: [] };
  const all = validateModels(documents, index);
  if (all.ok) {
    addAll(index, all.interfaces);
    return { index, rejected: [] };
  }
  const rejected: string[] = [];
  for (const doc of documents) {
    const one = validateModels([doc], index);
    if (one.ok) addAll(index, one.interfaces);
    else rejected.push(typeof doc['@id'] === 'string' ? doc['@id'] : '(no id)');
  }
  return { index, rejected };
}

function addAll(index: ModelIndex, interfaces: InterfaceInfo[]): void {
  for (const info of interfaces) index.add(info);
}
