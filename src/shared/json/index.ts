export { isRecord } from './record';
export { escapePointerSegment, joinPointer, toPointer, splitPointer, isValidPointer, pointersOverlap } from './pointer';
export { applyJsonPatch, PATCH_OPS } from './patch';
export type { PatchFailure, PatchFailureKind, PatchResult } from './patch';
