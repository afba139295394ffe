import { randomBytes, sign, webcrypto, type KeyObject } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { logUploadResponse } from '@magma/core/diagnostics';
import { firmwareDownloadResponse, localFileStore, type ChargerFileSettings } from '@magma/core/firmware';
import type { Db } from '@magma/db';

// What the web app does for chargers' file links (apps/web/src/app/api/firmware, …/charger-logs),
// served from a loopback HTTP server over the same handlers, with a store in a temporary directory.

/**
 * The request body as a web stream. Not Readable.toWeb: when a handler stops reading (a 413),
 * its stream keeps enqueueing into the cancelled controller and throws ERR_INVALID_STATE.
 */
function bodyOf(req: http.IncomingMessage): ReadableStream<Uint8Array> {
  let done = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      req.on('data', (c: Buffer) => {
        if (!done) controller.enqueue(new Uint8Array(c));
      });
      req.on('end', () => {
        if (!done) controller.close();
        done = true;
      });
      req.on('error', (e) => {
        if (!done) controller.error(e);
        done = true;
      });
    },
    cancel() {
      done = true;
      req.resume();
    },
  });
}

export type FileServer = {
  files: ChargerFileSettings;
  origin: string;
  requests: { method: string; path: string; status: number }[];
  close(): Promise<void>;
};

/** Log uploads are capped at 64 KiB here, so the cap is tested without moving 50 MiB. */
export const TEST_LOG_CAP = 64 * 1024;

export async function startFileServer(db: Db): Promise<FileServer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'magma-files-'));
  const files: ChargerFileSettings = { store: localFileStore(dir), linkKey: randomBytes(32) };
  const requests: FileServer['requests'] = [];
  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const hasBody = req.method === 'PUT' || req.method === 'POST';
      const request = new Request(url, {
        method: req.method,
        headers: req.headers as Record<string, string>,
        ...(hasBody ? { body: bodyOf(req), duplex: 'half' } : {}),
      } as RequestInit);
      const parts = url.pathname.split('/').filter(Boolean);
      let response: Response;
      if (parts[0] === 'api' && parts[1] === 'firmware' && req.method === 'GET')
        response = await firmwareDownloadResponse({ db, files, segments: parts.slice(2), request });
      else if (parts[0] === 'api' && parts[1] === 'charger-logs' && hasBody)
        response = await logUploadResponse({ db, files, segments: parts.slice(2), request, maxBytes: TEST_LOG_CAP });
      else response = new Response('no', { status: 404 });
      requests.push({ method: req.method ?? '', path: url.pathname, status: response.status });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      if (response.body)
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) res.write(chunk);
      res.end();
    })().catch((e: unknown) => {
      res.writeHead(500);
      res.end(String(e));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    files,
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      await new Promise((r) => server.close(r));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A P-256 key and a self-signed certificate for it, valid a day: a firmware signer. */
export async function aFirmwareSigner(): Promise<{ certificate: string; sign(data: Buffer): string }> {
  x509.cryptoProvider.set(webcrypto as never);
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomBytes(8).toString('hex'),
    name: 'CN=Magma test firmware signer',
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 86_400_000),
    keys: keys as webcrypto.CryptoKeyPair,
    signingAlgorithm: alg,
  });
  const { KeyObject } = await import('node:crypto');
  const privateKey: KeyObject = KeyObject.from(keys.privateKey as never);
  return {
    certificate: cert.toString('pem'),
    sign: (data) => sign('sha256', data, privateKey).toString('base64'),
  };
}

/** The bytes as the async iterable an upload streams. */
export async function* chunks(data: Buffer, size = 64 * 1024) {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}
