import { createHash, createVerify, X509Certificate } from 'node:crypto';
import http from 'node:http';
import type { SimulatedCharger } from './simulated-charger.ts';

// The charger side of firmware (L) and log uploads (N): a simulated charger really downloads the
// image from the URL it is given, checks its signature (or a published image's MD5), and uploads a
// small log, reporting each step as a real charger would. It only talks to loopback addresses
// (127.0.0.1, ::1, localhost and *.localhost, which it sends to 127.0.0.1): anything else fails
// the way an unreachable server does.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Params = Record<string, any>;
type Reply = (sim: SimulatedCharger, p: Params) => Record<string, unknown>;

const published = new WeakMap<SimulatedCharger, Set<string>>();

function loopbackTarget(location: string): { url: URL; host: string } | null {
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:') return null;
  const name = url.hostname.replace(/^\[|\]$/g, '');
  if (name === '127.0.0.1' || name === '::1') return { url, host: name };
  if (name === 'localhost' || name.endsWith('.localhost')) return { url, host: '127.0.0.1' };
  return null;
}

function request(
  location: string,
  method: 'GET' | 'PUT',
  body?: Buffer,
): Promise<{ status: number; stream: http.IncomingMessage }> {
  const target = loopbackTarget(location);
  if (!target) return Promise.reject(new Error(`not a loopback http URL: ${location}`));
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: target.host,
        port: target.url.port || 80,
        path: `${target.url.pathname}${target.url.search}`,
        method,
        headers: {
          host: target.url.host,
          ...(body ? { 'content-type': 'text/plain', 'content-length': String(body.length) } : {}),
        },
        timeout: 30_000,
      },
      (res) => resolve({ status: res.statusCode ?? 0, stream: res }),
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

/** Downloads the file, feeding each chunk to the given hashes; false when it could not. */
async function download(location: string, sinks: { update(chunk: Buffer): unknown }[]): Promise<boolean> {
  try {
    const { status, stream } = await request(location, 'GET');
    if (status !== 200) {
      stream.resume();
      return false;
    }
    for await (const chunk of stream) for (const s of sinks) s.update(chunk as Buffer);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms).unref());

/** Waits until the given time (the charger's retrieve or install time), if it is ahead. */
async function until(iso: string | undefined) {
  const wait = iso ? new Date(iso).getTime() - Date.now() : 0;
  if (wait > 0) await sleep(wait);
}

type Update = {
  action: 'FirmwareStatusNotification' | 'SignedFirmwareStatusNotification';
  /** Absent for 1.6 UpdateFirmware, whose status notification has none. */
  requestId?: number;
  location: string;
  retrieveDateTime?: string;
  installDateTime?: string;
  signature?: string;
  signingCertificate?: string;
  /** 1.6 FirmwareStatusNotification has no SignatureVerified or scheduled states. */
  richStatuses: boolean;
};

async function runUpdate(sim: SimulatedCharger, u: Update): Promise<void> {
  const send = (status: string) =>
    sim.call(u.action, { status, ...(u.requestId !== undefined ? { requestId: u.requestId } : {}) });
  if (u.richStatuses && u.retrieveDateTime && new Date(u.retrieveDateTime).getTime() > Date.now())
    await send('DownloadScheduled');
  await until(u.retrieveDateTime);
  await send('Downloading');
  const verifier = u.signature ? createVerify('sha256') : null;
  if (!(await download(u.location, verifier ? [verifier] : []))) {
    await send('DownloadFailed');
    return;
  }
  await send('Downloaded');
  if (verifier && u.signature && u.signingCertificate) {
    let ok = false;
    try {
      ok = verifier.verify(new X509Certificate(u.signingCertificate).publicKey, Buffer.from(u.signature, 'base64'));
    } catch {
      ok = false;
    }
    if (!ok) {
      await send(u.richStatuses ? 'InvalidSignature' : 'InstallationFailed');
      return;
    }
    if (u.richStatuses) await send('SignatureVerified');
  }
  if (u.richStatuses && u.installDateTime && new Date(u.installDateTime).getTime() > Date.now())
    await send('InstallScheduled');
  await until(u.installDateTime);
  await send('Installing');
  await send('Installed');
}

/** Uploads a few lines of log to the URL it was given (1.6 chargers append their file name). */
async function runUpload(
  sim: SimulatedCharger,
  { location, fileName, send }: { location: string; fileName: string; send: (status: string) => Promise<unknown> },
) {
  await send('Uploading');
  const log = Buffer.from(
    `${new Date().toISOString()} ${sim.identity} simulated charger log\n` +
      `${new Date().toISOString()} protocol ${sim.protocol}, ${sim.evses} EVSEs\n`,
  );
  let ok = false;
  try {
    const { status, stream } = await request(`${location.replace(/\/+$/, '')}/${fileName}`, 'PUT', log);
    stream.resume();
    ok = status >= 200 && status < 300;
  } catch {
    ok = false;
  }
  return ok;
}

export const firmwareReplies16: Record<string, Reply> = {
  UpdateFirmware: (sim, p) => {
    sim.later(() =>
      runUpdate(sim, {
        action: 'FirmwareStatusNotification',
        location: p.location,
        retrieveDateTime: p.retrieveDate,
        richStatuses: false,
      }),
    );
    return {};
  },
  SignedUpdateFirmware: (sim, p) => {
    sim.later(() =>
      runUpdate(sim, {
        action: 'SignedFirmwareStatusNotification',
        requestId: p.requestId,
        ...(p.firmware as Params as Pick<Update, 'location'>),
        richStatuses: true,
      }),
    );
    return { status: 'Accepted' };
  },
  GetDiagnostics: (sim, p) => {
    const fileName = `diag-${sim.identity}.txt`;
    sim.later(async () => {
      const send = (status: string) => sim.call('DiagnosticsStatusNotification', { status });
      const ok = await runUpload(sim, { location: p.location, fileName, send });
      await send(ok ? 'Uploaded' : 'UploadFailed');
    });
    return { fileName };
  },
  GetLog: (sim, p) => getLog(sim, p),
};

function getLog(sim: SimulatedCharger, p: Params) {
  const fileName = `${p.logType === 'SecurityLog' ? 'security' : 'diag'}-${sim.identity}.txt`;
  sim.later(async () => {
    const send = (status: string) => sim.call('LogStatusNotification', { status, requestId: p.requestId });
    const ok = await runUpload(sim, { location: p.log.remoteLocation, fileName, send });
    await send(ok ? 'Uploaded' : 'UploadFailure');
  });
  return { status: 'Accepted', filename: fileName };
}

export const firmwareReplies201: Record<string, Reply> = {
  UpdateFirmware: (sim, p) => {
    sim.later(() =>
      runUpdate(sim, {
        action: 'FirmwareStatusNotification',
        requestId: p.requestId,
        ...(p.firmware as Params as Pick<Update, 'location'>),
        richStatuses: true,
      }),
    );
    return { status: 'Accepted' };
  },
  GetLog: (sim, p) => getLog(sim, p),
  // L03: as a local controller, fetch the image, check its MD5 and serve it to the stations behind.
  PublishFirmware: (sim, p) => {
    sim.later(async () => {
      const send = (status: string, extra: Params = {}) =>
        sim.call('PublishFirmwareStatusNotification', { status, requestId: p.requestId, ...extra });
      await send('Downloading');
      const md5 = createHash('md5');
      if (!(await download(p.location, [md5]))) return void (await send('DownloadFailed'));
      await send('Downloaded');
      if (md5.digest('hex') !== String(p.checksum).toLowerCase()) return void (await send('InvalidChecksum'));
      await send('ChecksumVerified');
      const set = published.get(sim) ?? new Set<string>();
      set.add(String(p.checksum).toLowerCase());
      published.set(sim, set);
      await send('Published', { location: [`http://${sim.identity.toLowerCase()}.local/firmware/${p.checksum}`] });
    });
    return { status: 'Accepted' };
  },
  UnpublishFirmware: (sim, p) => ({
    status: published.get(sim)?.delete(String(p.checksum).toLowerCase()) ? 'Unpublished' : 'NoFirmware',
  }),
};
