// The storage for the benchmarks that seed through an import job: Azurite (the Azure Storage emulator), started in
// memory for the run, with the input uploaded and SAS URLs made by @azure/storage-blob, as a user does against a
// storage account. (Files starting with _ are helpers, not benchmarks: bench/run.ts skips them.)
import { startAzurite } from '../src/test-support/azurite';

export interface ImportBlobs {
  inputUrl: string;
  logUrl: string;
  /** The job's log, once written. */
  log: () => Promise<string>;
  close: () => Promise<void>;
}

export async function importBlobs(input: string): Promise<ImportBlobs> {
  const azurite = await startAzurite();
  try {
    const container = await azurite.container('bench');
    const data = Buffer.from(input, 'utf8');
    await container.getBlockBlobClient('input.ndjson').uploadData(data);
    return {
      inputUrl: azurite.sasUrl('bench', 'input.ndjson', 'r'),
      logUrl: azurite.sasUrl('bench', 'log.ndjson', 'cw'),
      log: async () => (await azurite.read('bench', 'log.ndjson')) ?? '',
      close: () => azurite.stop(),
    };
  } catch (err) {
    await azurite.stop();
    throw err;
  }
}
