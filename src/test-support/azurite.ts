// Tests and benchmarks only: Azurite, the Azure Storage emulator (npm `azurite`), as the storage an import job reads
// and writes. Containers and SAS URLs are made with the official @azure/storage-blob client, as a user does against
// a storage account (https://learn.microsoft.com/azure/storage/common/storage-use-azurite).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import {
  BlobSASPermissions, BlobServiceClient, generateBlobSASQueryParameters, StorageSharedKeyCredential,
} from '@azure/storage-blob';
import type { ContainerClient } from '@azure/storage-blob';

/** Azurite's well-known development account (the same for every installation, documented in the page above). */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface Azurite {
  /** `http://127.0.0.1:<port>/devstoreaccount1` */
  blobEndpoint: string;
  service: BlobServiceClient;
  /** Creates the container (if needed) and returns its client. */
  container(name: string): Promise<ContainerClient>;
  /** A SAS URL for one blob: `r` to read an input, `cw` to create and write a log (the permissions ADT documents). */
  sasUrl(container: string, blob: string, permissions: 'r' | 'cw' | 'rcw', minutes?: number): string;
  /** The text of a blob, or undefined when it does not exist. */
  read(container: string, blob: string): Promise<string | undefined>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((ok) => server.close(() => ok()));
  return port;
}

function azuriteBlobMain(): string {
  return createRequire(import.meta.url).resolve('azurite/dist/src/blob/main.js');
}

/**
 * Starts Azurite's blob service on a free loopback port, in memory (`--inMemoryPersistence`: nothing on disk, gone
 * when stopped), with `--loose` (it ignores headers it does not know rather than refusing them) and
 * `--skipApiVersionCheck` (the SDK may be newer than this Azurite). Azurite answers CORS only as the account's service
 * properties say; `cors` sets a permissive rule for browser tests, as a user would for a web app.
 */
export async function startAzurite(o: { cors?: boolean } = {}): Promise<Azurite> {
  let child: ChildProcess | undefined;
  let port = 0;
  for (let attempt = 0; attempt < 3 && !child; attempt++) {
    port = await freePort();
    const proc = spawn(process.execPath, [azuriteBlobMain(), '--blobHost', '127.0.0.1', '--blobPort', String(port),
      '--inMemoryPersistence', '--loose', '--skipApiVersionCheck', '--disableProductStyleUrl'], { stdio: ['ignore', 'pipe', 'pipe'] });
    // Azurite loads for several seconds on a busy machine before it says it listens.
    const started = await new Promise<boolean>((resolve) => {
      let out = '';
      const timer = setTimeout(() => done(false), 60_000);
      const done = (ok: boolean) => {
        clearTimeout(timer);
        proc.stdout?.off('data', onData);
        proc.stderr?.off('data', onData);
        proc.stdout?.resume();
        proc.stderr?.resume();
        resolve(ok);
      };
      const onData = (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('successfully listens on')) done(true);
      };
      proc.stdout?.on('data', onData);
      proc.stderr?.on('data', onData);
      proc.once('exit', () => done(false));
    });
    if (started) child = proc;
    else proc.kill();
  }
  if (!child) throw new Error('Azurite did not start');
  const running = child;

  const blobEndpoint = `http://127.0.0.1:${port}/${AZURITE_ACCOUNT}`;
  const credential = new StorageSharedKeyCredential(AZURITE_ACCOUNT, AZURITE_KEY);
  const service = new BlobServiceClient(blobEndpoint, credential);
  if (o.cors) {
    await service.setProperties({
      cors: [{ allowedOrigins: '*', allowedMethods: 'GET,PUT,HEAD,OPTIONS', allowedHeaders: '*', exposedHeaders: '*', maxAgeInSeconds: 60 }],
    });
  }

  return {
    blobEndpoint,
    service,
    async container(name) {
      const c = service.getContainerClient(name);
      await c.createIfNotExists();
      return c;
    },
    sasUrl(container, blob, permissions, minutes = 60) {
      const sas = generateBlobSASQueryParameters({
        containerName: container, blobName: blob, permissions: BlobSASPermissions.parse(permissions),
        startsOn: new Date(Date.now() - 60_000), expiresOn: new Date(Date.now() + minutes * 60_000),
      }, credential);
      return `${service.getContainerClient(container).getBlobClient(blob).url}?${sas.toString()}`;
    },
    async read(container, blob) {
      const client = service.getContainerClient(container).getBlobClient(blob);
      if (!(await client.exists())) return undefined;
      return (await client.downloadToBuffer()).toString('utf8');
    },
    // SIGKILL: everything is in memory, and a graceful close waits for the SDK's kept-alive sockets.
    stop: () => new Promise<void>((resolve) => {
      if (running.exitCode !== null || running.signalCode !== null) return resolve();
      running.once('exit', () => resolve());
      running.kill('SIGKILL');
    }),
  };
}
