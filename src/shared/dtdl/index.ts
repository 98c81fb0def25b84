export type {
  Range, Diagnostic, DtdlVersion, ContentKind, ContentInfo, PropertyInfo, TelemetryInfo, RelationshipInfo,
  ComponentInfo, Schema, InterfaceInfo, ResolvedInterface, PositionMap, ContentProblem,
} from './types';
export { ModelIndex } from './model-index';
export { parseDtdlText } from './parse';
export { validateModels, parseInterfaces, formatDiagnostics } from './validate';
export {
  validateTwinContent, validateComponentContent, checkRelationship, validateValue, ADT_RELATIONSHIP_MISMATCH_MESSAGE, isDateTime,
} from './content';
export { modelIdOf, modelDependencies, orderByDependencies, batches } from './order';
export type { DependencyOrder } from './order';
export { parseDtmi, isValidDtmi, checkDtmi, compareDtmiVersions, dtmiShortName } from './dtmi';
export type { ParsedDtmi } from './dtmi';
