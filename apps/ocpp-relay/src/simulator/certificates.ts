import { createHash, X509Certificate } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { certificateSigningRequest } from './csr.ts';
import type { SimulatedCharger } from './simulated-charger.ts';
import { triggerStatus } from './triggers.ts';

// The simulated charger's certificate store (2.0.1 M, A02/A03; 1.6 security extension): the roots
// the CSMS installs, listed by their hash data and deletable, and its own certificates as the CSMS
// signed them (CertificateSigned: accepted when the chain's first certificate names this charger
// and was issued for the key of its last CSR's type, rejected otherwise).

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Params = Record<string, any>;
type Reply = (sim: SimulatedCharger, p: Params) => Record<string, unknown>;
type HashData = { hashAlgorithm: 'SHA256'; issuerNameHash: string; issuerKeyHash: string; serialNumber: string };
type Installed = { type: string; pem: string; hash: HashData };

class SimCertificates {
  readonly installed: Installed[] = [];
  /** The certificate chains the CSMS signed, by type. */
  readonly own = new Map<string, string>();
}

const stores = new WeakMap<SimulatedCharger, SimCertificates>();
/** The charger's certificate store (made on first use). */
export function simCertificates(sim: SimulatedCharger): SimCertificates {
  let store = stores.get(sim);
  if (!store) stores.set(sim, (store = new SimCertificates()));
  return store;
}

const sha256 = (b: ArrayBuffer | Uint8Array) =>
  createHash('sha256')
    .update(new Uint8Array(b as ArrayBuffer))
    .digest('hex');

/** OCPP hash data of a self-signed (root) certificate: its own name and key are its issuer's. */
function rootHashData(pem: string): HashData {
  const cert = AsnConvert.parse(new X509Certificate(pem).raw, Certificate);
  const tbs = cert.tbsCertificate;
  return {
    hashAlgorithm: 'SHA256',
    issuerNameHash: sha256(AsnConvert.serialize(tbs.issuer)),
    issuerKeyHash: sha256(tbs.subjectPublicKeyInfo.subjectPublicKey),
    serialNumber: Buffer.from(tbs.serialNumber)
      .toString('hex')
      .replace(/^0+(?=.)/, ''),
  };
}

const sameHash = (a: HashData, b: Params) =>
  a.issuerNameHash === String(b.issuerNameHash).toLowerCase() &&
  a.issuerKeyHash === String(b.issuerKeyHash).toLowerCase() &&
  a.serialNumber ===
    String(b.serialNumber)
      .toLowerCase()
      .replace(/^0+(?=.)/, '');

function install(sim: SimulatedCharger, p: Params) {
  try {
    const hash = rootHashData(p.certificate);
    const store = simCertificates(sim);
    if (!store.installed.some((c) => c.type === p.certificateType && sameHash(c.hash, hash)))
      store.installed.push({ type: p.certificateType, pem: p.certificate, hash });
    return { status: 'Accepted' };
  } catch {
    return { status: 'Rejected' };
  }
}

function remove(sim: SimulatedCharger, p: Params) {
  const store = simCertificates(sim);
  const at = store.installed.findIndex((c) => sameHash(c.hash, p.certificateHashData));
  if (at === -1) return { status: 'NotFound' };
  store.installed.splice(at, 1);
  return { status: 'Accepted' };
}

function signed(sim: SimulatedCharger, chain: string, type: string) {
  const first = chain.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/)?.[0];
  if (!first) return { status: 'Rejected' };
  try {
    const cn = /(?:^|\n)CN=([^\n]*)/.exec(new X509Certificate(first).subject)?.[1];
    if (cn !== sim.identity) return { status: 'Rejected' };
  } catch {
    return { status: 'Rejected' };
  }
  simCertificates(sim).own.set(type, chain);
  return { status: 'Accepted' };
}

export const certificateReplies16: Record<string, Reply> = {
  CertificateSigned: (sim, p) => signed(sim, p.certificateChain, 'ChargePointCertificate'),
  InstallCertificate: install,
  DeleteCertificate: remove,
  GetInstalledCertificateIds: (sim, p) => {
    const list = simCertificates(sim).installed.filter((c) => c.type === p.certificateType);
    return list.length ? { status: 'Accepted', certificateHashData: list.map((c) => c.hash) } : { status: 'NotFound' };
  },
  ExtendedTriggerMessage: (sim, p) => {
    if (p.requestedMessage === 'SignChargePointCertificate') {
      sim.later(() =>
        sim.call('SignCertificate', {
          csr: certificateSigningRequest({ commonName: sim.identity, organization: 'Magma Sim' }),
        }),
      );
      return { status: 'Accepted' };
    }
    const request = { message: p.requestedMessage, evseId: p.connectorId };
    const status = triggerStatus(sim, request);
    if (status === 'Accepted') sim.later(() => sim.trigger(request.message, request.evseId));
    return { status };
  },
};

export const certificateReplies201: Record<string, Reply> = {
  CertificateSigned: (sim, p) => signed(sim, p.certificateChain, p.certificateType ?? 'ChargingStationCertificate'),
  InstallCertificate: install,
  DeleteCertificate: remove,
  GetInstalledCertificateIds: (sim, p) => {
    const types: string[] | undefined = p.certificateType;
    const list = simCertificates(sim).installed.filter((c) => !types?.length || types.includes(c.type));
    return list.length
      ? {
          status: 'Accepted',
          certificateHashDataChain: list.map((c) => ({ certificateType: c.type, certificateHashData: c.hash })),
        }
      : { status: 'NotFound' };
  },
};
