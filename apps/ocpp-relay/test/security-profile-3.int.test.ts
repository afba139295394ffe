import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { randomBytes, webcrypto } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { localCertificateAuthority, type CertificateAuthority } from '@magma/core/certificates';
import { parseCredentialKeys } from '@magma/core/webhooks';
import type { Db } from '@magma/db';
import { createCertificateAuthority, signCsr } from '@magma/pki';
import * as x509 from '@peculiar/x509';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aCharger, startHarness, waitFor, type Harness } from './support.ts';

// Security profile 3: TLS with a client certificate from the operator's CA, the subject CN being
// the identity in the URL; no Basic-auth password. Keys made here with WebCrypto.

const keyring = parseCredentialKeys(`k1:${randomBytes(32).toString('base64')}`);

/** A key pair, its PKCS#8 PEM and a CSR for `cn`. */
async function aClientKey(cn: string) {
  const keys = (await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
    'sign',
    'verify',
  ])) as webcrypto.CryptoKeyPair;
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)).toString('base64');
  const keyPem = `-----BEGIN PRIVATE KEY-----\n${pkcs8.match(/.{1,64}/g)!.join('\n')}\n-----END PRIVATE KEY-----\n`;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: `CN=${cn}`,
    keys,
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
  });
  return { keyPem, csrPem: csr.toString('pem') };
}

/** Opens a wss connection with a client certificate; 'open' or the HTTP status it was refused with. */
function attempt(url: string, protocol: string, tls: { cert?: string; key?: string }) {
  return new Promise<number | 'open'>((resolve) => {
    const ws = new WebSocket(url, [protocol], { ...tls, rejectUnauthorized: false });
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => resolve(0));
  });
}

describe('security profile 3 (TLS client certificates)', () => {
  let h: Harness;
  let real: CertificateAuthority | null = null;
  const ca: CertificateAuthority = {
    sign: (a) => real!.sign(a),
    trustAnchors: (t) => real!.trustAnchors(t),
    rootCertificate: (t) => real!.rootCertificate(t),
  };
  beforeAll(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'magma-p3-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-keyout',
        path.join(dir, 'key.pem'),
        '-out',
        path.join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    h = await startHarness({
      tls: { cert: readFileSync(path.join(dir, 'cert.pem')), key: readFileSync(path.join(dir, 'key.pem')) },
      clientCertificates: 'optional',
      certificates: ca,
    });
    real = localCertificateAuthority({ db: h.db as Db, keyring });
  });
  afterAll(async () => {
    await h?.stop();
  });

  const wss = () => h.url.replace('ws://', 'wss://');

  /** A certificate from the operator's CA for `cn` (as CertificateSigned would give it), with its key. */
  async function operatorCertificate(cn: string) {
    const { keyPem, csrPem } = await aClientKey(cn);
    const signed = await ca.sign({ tenantId: h.tenant.id, csrPem, use: 'ChargingStationCertificate', identity: cn });
    return { cert: signed.certificateChainPem, key: keyPem };
  }

  it('admits a profile 3 charger whose certificate comes from its operator CA with CN = identity, without a password', async () => {
    const c = await aCharger(h.db, {
      tenantId: h.tenant.id,
      protocol: 'OCPP201',
      securityProfile: 3,
      password: 'unused-password-123456',
    });
    expect(await attempt(`${wss()}/${c.identity}`, 'ocpp2.0.1', await operatorCertificate(c.identity))).toBe('open');
    await waitFor(() => h.db.charger.findFirst({ where: { id: c.id, lastSeenAt: { not: null } } }));
  });

  it("refuses another charger's certificate (CN is not the identity in the URL)", async () => {
    const c = await aCharger(h.db, { tenantId: h.tenant.id, securityProfile: 3 });
    const other = await aCharger(h.db, { tenantId: h.tenant.id, securityProfile: 3 });
    expect(await attempt(`${wss()}/${c.identity}`, 'ocpp1.6', await operatorCertificate(other.identity))).toBe(401);
  });

  it('refuses a certificate with the right CN from another CA', async () => {
    const c = await aCharger(h.db, { tenantId: h.tenant.id, securityProfile: 3 });
    await ca.rootCertificate(h.tenant.id); // the operator has its CA
    const foreign = await createCertificateAuthority({ organization: 'Acme Charging' });
    const { keyPem, csrPem } = await aClientKey(c.identity);
    const signed = await signCsr({
      csrPem,
      use: 'ChargingStationCertificate',
      issuer: foreign.issuing,
      expectedCommonName: c.identity,
      organization: 'Acme Charging',
    });
    const cert = `${signed.certificatePem}\n${foreign.issuing.certificatePem}\n`;
    expect(await attempt(`${wss()}/${c.identity}`, 'ocpp1.6', { cert, key: keyPem })).toBe(401);
  });

  it('refuses a profile 3 charger that sends no certificate, and keeps profile 2 (password over TLS) working', async () => {
    const p3 = await aCharger(h.db, { tenantId: h.tenant.id, securityProfile: 3 });
    expect(await attempt(`${wss()}/${p3.identity}`, 'ocpp1.6', {})).toBe(401);
    const p2 = await aCharger(h.db, { tenantId: h.tenant.id, securityProfile: 2, password: 'profile-two-password-1' });
    const url = `wss://${p2.identity}:profile-two-password-1@${wss().slice('wss://'.length)}/${p2.identity}`;
    expect(await attempt(url, 'ocpp1.6', {})).toBe('open');
  });
});
