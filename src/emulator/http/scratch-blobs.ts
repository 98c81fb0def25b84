// The scratch blob store is portable (core/scratch-blobs.ts); this path stays for existing importers.
export { SCRATCH_PREFIX, ScratchBlobs, scratchBlobResponse } from '../core/scratch-blobs';
