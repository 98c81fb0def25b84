import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generate } from 'selfsigned';

export interface TlsMaterial { key: string; cert: string; created: boolean }

const CERT_FILE = 'emulator-cert.pem';
const KEY_FILE = 'emulator-key.pem';
const VALID_DAYS = 825;

/**
 * The emulator's self-signed certificate for localhost, created on first start and kept in the data folder, so that
 * a client that chose to trust it keeps trusting it across restarts. An expired or unreadable pair is replaced.
 */
export async function ensureCertificate(dataDir: string): Promise<TlsMaterial> {
  const certPath = join(dataDir, CERT_FILE);
  const keyPath = join(dataDir, KEY_FILE);
  try {
    const [cert, key] = await Promise.all([readFile(certPath, 'utf8'), readFile(keyPath, 'utf8')]);
    const x509 = new X509Certificate(cert);
    if (new Date(x509.validTo).getTime() > Date.now() + 24 * 3600 * 1000 && x509.checkPrivateKey(createPrivateKey(key))) {
      return { key, cert, created: false };
    }
  } catch {
    // Missing or unreadable: create a new pair below.
  }
  const now = new Date();
  const pems = await generate([{ name: 'commonName', value: 'localhost' }, { name: 'organizationName', value: 'Twinscope ADT emulator' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 60_000),
    notAfterDate: new Date(now.getTime() + VALID_DAYS * 24 * 3600 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }, { type: 7, ip: '::1' }] },
    ],
  });
  await mkdir(dataDir, { recursive: true });
  await writeFile(keyPath, pems.private, { mode: 0o600 });
  await writeFile(certPath, pems.cert);
  return { key: pems.private, cert: pems.cert, created: true };
}
