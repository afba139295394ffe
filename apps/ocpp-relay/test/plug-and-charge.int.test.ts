import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseCredentialKeys } from '@magma/core/webhooks';
import {
  addTrustAnchors,
  ocspHashData,
  parseCertificate,
  savePlugAndChargeSettings,
  verifyOcspResponse,
  type PlugAndChargeOptions,
} from '@magma/core/plug-and-charge';
import { tenantScope } from '@magma/core/tenancy';
import {
  createTestPki,
  startTestOcspResponder,
  type TestContract,
  type TestOcspResponder,
  type TestPki,
} from '@magma/core/plug-and-charge/testing';
import type { RPCClient } from 'ocpp-rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aCharger, connect, startHarness, type Harness } from './support.ts';

// ISO 15118 Plug & Charge through real ocpp-rpc clients: contract certificates from a test PKI,
// revocation from real signed OCSP answers of a loopback responder, the contract certificate
// provider (the test PKI's and a Hubject client against a loopback fake that loses an answer).

const options: PlugAndChargeOptions = {
  keyring: parseCredentialKeys(`pnc:${Buffer.alloc(32, 9).toString('base64')}`),
  allowPrivateAddresses: true,
  providerTimeoutMs: 800,
};

let h: Harness;
let pki: TestPki;
let responder: TestOcspResponder;
let c201: RPCClient;
let c16: RPCClient;
const scope = () => tenantScope(h.tenant.id);

beforeAll(async () => {
  h = await startHarness({ plugAndCharge: options });
  responder = await startTestOcspResponder();
  pki = await createTestPki({ ocspUrl: responder.url });
  responder.serve(pki);
  await addTrustAnchors({
    db: h.db,
    scope: scope(),
    input: { label: 'Test V2G root + MO sub-CA', pem: `${pki.root.pem}\n${pki.subCa.pem}` },
  });
  const cp201 = await aCharger(h.db, { tenantId: h.tenant.id, protocol: 'OCPP201' });
  const cp16 = await aCharger(h.db, { tenantId: h.tenant.id });
  c201 = await connect(h.url, cp201.identity, 'ocpp2.0.1');
  c16 = await connect(h.url, cp16.identity, 'ocpp1.6');
});

afterAll(async () => {
  await c201?.close({ force: true });
  await c16?.close({ force: true });
  await responder?.close();
  await h?.stop();
});

async function contract(emaid: string, opts: { expired?: boolean } = {}): Promise<TestContract> {
  const day = 86_400_000;
  const c = await pki.issueContract(
    opts.expired
      ? { emaid, notBefore: new Date(Date.now() - 20 * day), notAfter: new Date(Date.now() - day) }
      : { emaid },
  );
  await h.db.idToken.create({ data: { tenantId: h.tenant.id, token: emaid.replace(/-/g, '') } });
  return c;
}

const hashDataOf = (c: TestContract) => [
  { ...ocspHashData(c.certificate, pki.subCa.certificate), responderURL: responder.url },
  { ...ocspHashData(pki.subCa.certificate, pki.root.certificate), responderURL: responder.url },
];

type AuthorizeAnswer = { idTokenInfo: { status: string }; certificateStatus?: string };

describe('2.0.1 Authorize with a contract certificate', () => {
  it('accepts a valid contract certificate chain (PEM), its eMAID the id token', async () => {
    const c = await contract('IN-MGM-C00000101-A');
    const answer = (await c201.call('Authorize', {
      idToken: { idToken: 'INMGMC00000101A', type: 'eMAID' },
      certificate: `${c.pem}\n${pki.subCa.pem}`,
    })) as AuthorizeAnswer;
    expect(answer).toMatchObject({ certificateStatus: 'Accepted', idTokenInfo: { status: 'Accepted' } });
  });

  it('accepts hash data checked by OCSP, and answers a second time from the kept OCSP answers', async () => {
    const c = await contract('IN-MGM-C00000102-A');
    const ask = () =>
      c201.call('Authorize', {
        idToken: { idToken: 'INMGMC00000102A', type: 'eMAID' },
        iso15118CertificateHashData: hashDataOf(c),
      });
    expect(await ask()).toMatchObject({ certificateStatus: 'Accepted', idTokenInfo: { status: 'Accepted' } });
    const asked = responder.requests();
    expect(await ask()).toMatchObject({ certificateStatus: 'Accepted' });
    expect(responder.requests()).toBe(asked);
  });

  it('refuses a revoked contract certificate (CertificateRevoked from the signed OCSP answer)', async () => {
    const c = await contract('IN-MGM-C00000103-A');
    responder.revoke(c);
    const answer = (await c201.call('Authorize', {
      idToken: { idToken: 'INMGMC00000103A', type: 'eMAID' },
      certificate: `${c.pem}\n${pki.subCa.pem}`,
    })) as AuthorizeAnswer;
    expect(answer).toMatchObject({ certificateStatus: 'CertificateRevoked', idTokenInfo: { status: 'Invalid' } });
    const hashed = await c201.call('Authorize', {
      idToken: { idToken: 'INMGMC00000103A', type: 'eMAID' },
      iso15118CertificateHashData: hashDataOf(c),
    });
    expect(hashed).toMatchObject({ certificateStatus: 'CertificateRevoked' });
  });

  it('refuses an expired contract certificate, one of another PKI, and a cancelled contract', async () => {
    const expired = await contract('IN-MGM-C00000104-A', { expired: true });
    expect(
      await c201.call('Authorize', {
        idToken: { idToken: 'INMGMC00000104A', type: 'eMAID' },
        certificate: `${expired.pem}\n${pki.subCa.pem}`,
      }),
    ).toMatchObject({ certificateStatus: 'CertificateExpired', idTokenInfo: { status: 'Invalid' } });

    const otherPki = await createTestPki({ ocspUrl: responder.url, name: 'Elsewhere' });
    const foreign = await otherPki.issueContract({ emaid: 'IN-MGM-C00000105-A' });
    expect(
      await c201.call('Authorize', {
        idToken: { idToken: 'INMGMC00000105A', type: 'eMAID' },
        certificate: `${foreign.pem}\n${otherPki.subCa.pem}`,
      }),
    ).toMatchObject({ certificateStatus: 'CertChainError' });

    const cancelled = await contract('IN-MGM-C00000106-A');
    await h.db.idToken.updateMany({
      where: { tenantId: h.tenant.id, token: 'INMGMC00000106A' },
      data: { status: 'BLOCKED' },
    });
    expect(
      await c201.call('Authorize', {
        idToken: { idToken: 'INMGMC00000106A', type: 'eMAID' },
        certificate: `${cancelled.pem}\n${pki.subCa.pem}`,
      }),
    ).toMatchObject({ certificateStatus: 'ContractCancelled', idTokenInfo: { status: 'Invalid' } });
  });
});

describe('GetCertificateStatus', () => {
  it('2.0.1: answers the OCSP response, signed and about the certificate asked', async () => {
    const c = await contract('IN-MGM-C00000201-A');
    const [leaf] = hashDataOf(c);
    const answer = (await c201.call('GetCertificateStatus', { ocspRequestData: leaf })) as {
      status: string;
      ocspResult: string;
    };
    expect(answer.status).toBe('Accepted');
    const check = verifyOcspResponse({
      der: new Uint8Array(Buffer.from(answer.ocspResult, 'base64')),
      certificate: leaf!,
      issuer: pki.subCa.certificate,
    });
    expect(check).toMatchObject({ ok: true, status: 'good' });
  });

  it('2.0.1: Failed for a certificate whose issuer is not trusted', async () => {
    const otherPki = await createTestPki({ ocspUrl: responder.url, name: 'Untrusted' });
    const foreign = await otherPki.issueContract({ emaid: 'IN-MGM-C00000202-A' });
    const data = { ...ocspHashData(foreign.certificate, otherPki.subCa.certificate), responderURL: responder.url };
    expect(await c201.call('GetCertificateStatus', { ocspRequestData: data })).toMatchObject({ status: 'Failed' });
  });

  it('1.6: the DataTransfer form of the OCA application note (GetCertificateStatus and Authorize)', async () => {
    const c = await contract('IN-MGM-C00000203-A');
    const [leaf] = hashDataOf(c);
    const status = (await c16.call('DataTransfer', {
      vendorId: 'org.openchargealliance.iso15118pnc',
      messageId: 'GetCertificateStatus',
      data: JSON.stringify({ ocspRequestData: leaf }),
    })) as { status: string; data: string };
    expect(status.status).toBe('Accepted');
    const inner = JSON.parse(status.data) as { status: string; ocspResult: string };
    expect(inner.status).toBe('Accepted');
    expect(
      verifyOcspResponse({
        der: new Uint8Array(Buffer.from(inner.ocspResult, 'base64')),
        certificate: leaf!,
        issuer: pki.subCa.certificate,
      }),
    ).toMatchObject({ ok: true, status: 'good' });

    // (The answer about `c` is kept until its nextUpdate: a revocation shows on another contract.)
    const revoked = await contract('IN-MGM-C00000204-A');
    responder.revoke(revoked);
    const auth = (await c16.call('DataTransfer', {
      vendorId: 'org.openchargealliance.iso15118pnc',
      messageId: 'Authorize',
      data: JSON.stringify({
        idToken: { idToken: 'INMGMC00000204A', type: 'eMAID' },
        certificate: `${revoked.pem}\n${pki.subCa.pem}`,
      }),
    })) as { status: string; data: string };
    expect(JSON.parse(auth.data)).toMatchObject({
      certificateStatus: 'CertificateRevoked',
      idTokenInfo: { status: 'Invalid' },
    });

    expect(
      await c16.call('DataTransfer', {
        vendorId: 'org.openchargealliance.iso15118pnc',
        messageId: 'GetCertificateStatus',
        data: '{not json',
      }),
    ).toMatchObject({ status: 'Rejected' });
    expect(await c16.call('DataTransfer', { vendorId: 'com.example', messageId: 'x' })).toMatchObject({
      status: 'UnknownVendorId',
    });
  });
});

describe('Get15118EVCertificate', () => {
  const request = {
    iso15118SchemaVersion: 'urn:iso:15118:2:2013:MsgDef',
    action: 'Install',
    exiRequest: Buffer.from('exi request').toString('base64'),
  };

  it('is Failed without a provider, and answered by the test provider once chosen', async () => {
    expect(await c201.call('Get15118EVCertificate', request)).toMatchObject({ status: 'Failed', exiResponse: '' });
    await savePlugAndChargeSettings({ db: h.db, scope: scope(), options, input: { provider: 'TEST' } });
    const answer = (await c201.call('Get15118EVCertificate', request)) as { status: string; exiResponse: string };
    expect(answer.status).toBe('Accepted');
    const doc = JSON.parse(Buffer.from(answer.exiResponse, 'base64').toString('utf8')) as {
      emaid: string;
      certificateChain: string[];
    };
    expect(doc.emaid).toMatch(/^ZZ-TST-C\d{8}-X$/);
    expect(parseCertificate(doc.certificateChain[0]!).tbsCertificate.subject).toBeTruthy();
  });

  it('through Hubject: a lost answer is Failed after the timeout, the charger asking again gets the contract', async () => {
    const fake = await startFakeHubject();
    try {
      await savePlugAndChargeSettings({
        db: h.db,
        scope: scope(),
        options,
        input: {
          provider: 'HUBJECT',
          hubjectBaseUrl: fake.url,
          hubjectTokenUrl: `${fake.url}/oauth/token`,
          hubjectClientId: 'cpo-1',
          hubjectClientSecret: 'secret-1234',
        },
      });
      fake.loseNext = true;
      const lost = await c201.call('Get15118EVCertificate', request);
      expect(lost).toMatchObject({ status: 'Failed', exiResponse: '' });
      const again = await c201.call('Get15118EVCertificate', request);
      expect(again).toMatchObject({ status: 'Accepted', exiResponse: 'EXI-CERTIFICATE-INSTALLATION-RES' });
      expect(fake.contractCalls).toEqual([
        { certificateInstallationReq: request.exiRequest, xsdMsgDefNamespace: request.iso15118SchemaVersion },
        { certificateInstallationReq: request.exiRequest, xsdMsgDefNamespace: request.iso15118SchemaVersion },
      ]);
      expect(fake.tokenCalls).toBe(1);
    } finally {
      await fake.close();
    }
  });
});

/** Hubject's token endpoint and CCP getSignedContractData, as documented; can lose one answer. */
async function startFakeHubject() {
  const state = { loseNext: false, tokenCalls: 0, contractCalls: [] as unknown[] };
  const held: http.ServerResponse[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (req.url === '/oauth/token') {
        const form = new URLSearchParams(body);
        if (form.get('grant_type') !== 'client_credentials' || form.get('client_secret') !== 'secret-1234') {
          res.writeHead(401).end();
          return;
        }
        state.tokenCalls++;
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ access_token: 'tok-1', expires_in: 3600, token_type: 'Bearer' }));
        return;
      }
      if (req.url === '/v1/ccp/signedContractData' && req.headers.authorization === 'Bearer tok-1') {
        state.contractCalls.push(JSON.parse(body));
        if (state.loseNext) {
          state.loseNext = false;
          held.push(res); // never answered
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            CCPResponse: {
              emaidContent: [
                {
                  messageDef: {
                    certificateInstallationRes: 'EXI-CERTIFICATE-INSTALLATION-RES',
                    emaid: 'INMGMC00000301A',
                  },
                },
              ],
            },
            xsdMsgDefNamespace: 'urn:iso:15118:2:2013:MsgDef',
          }),
        );
        return;
      }
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const r of held) r.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
