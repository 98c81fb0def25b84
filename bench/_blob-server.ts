// A stand-in for blob storage for the benchmarks that seed through an import job: GET serves the input file, PUT
// keeps the job's log. (Files starting with _ are helpers, not benchmarks: bench/run.ts skips them.)
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface BlobServer {
  url: string;
  inputUrl: string;
  logUrl: string;
  log: () => string;
  close: () => Promise<void>;
}

export async function blobServer(input: string): Promise<BlobServer> {
  let log = '';
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/input.ndjson') {
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      res.end(input);
      return;
    }
    if (req.method === 'PUT' && req.url === '/log.ndjson') {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        log = Buffer.concat(chunks).toString('utf8');
        res.writeHead(201);
        res.end();
      });
      return;
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return { url, inputUrl: `${url}/input.ndjson`, logUrl: `${url}/log.ndjson`, log: () => log, close: () => new Promise((ok) => server.close(() => ok())) };
}
