import { createHash } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import { verifySecret } from '@magma/core';
import { verifyChargerCertificate, type CertificateAuthority } from '@magma/core/certificates';
import { admitCharger } from '@magma/core/chargers';
import type { Db } from '@magma/db';
import type { RPCServer } from 'ocpp-rpc';
import type { Logger } from '../logger.ts';
import { attachContext, OCPP_VERSIONS, protocolOfVersion, versionOfProtocol, type OcppVersion } from './context.ts';

type AuthCallback = Parameters<RPCServer['auth']>[0];

const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** `/ocpp` or `/ocpp/{tenantSlug}` (the identity is the last segment, split off by ocpp-rpc). */
export function parseEndpoint(endpoint: string): { tenantSlug: string | null } | null {
  const parts = endpoint.split('/').filter(Boolean);
  if (parts[0] !== 'ocpp') return null;
  if (parts.length === 1) return { tenantSlug: null };
  if (parts.length === 2 && SLUG.test(parts[1]!)) return { tenantSlug: parts[1]! };
  return null;
}

/**
 * The upgrade URL without trailing slashes on its path: a charger configured with
 * `.../ocpp/CP-1/` is CP-1 (ocpp-rpc takes the last path segment as the identity, here empty).
 */
export function withoutTrailingSlash(url: string): string {
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  const trimmed = path.replace(/\/+$/, '');
  return trimmed === path || trimmed === '' ? url : trimmed + url.slice(path.length);
}

/**
 * scrypt costs tens of milliseconds by design; a reconnect storm after a relay restart would
 * otherwise queue thousands of them. A verified (hash, password digest) pair is remembered, so
 * a changed hash or password is verified afresh; `known` tells whether a pair was verified before
 * (such a charger skips the limit on failed passwords: see admitCharger).
 */
export function cachedVerifier(max = 100_000) {
  const ok = new Set<string>();
  const keyOf = (password: string, hash: string) =>
    `${hash}\0${createHash('sha256').update(password).digest('base64')}`;
  return {
    known: (password: string, hash: string): boolean => ok.has(keyOf(password, hash)),
    verify: async (password: string, hash: string): Promise<boolean> => {
      const key = keyOf(password, hash);
      if (ok.has(key)) return true;
      const valid = await verifySecret(password, hash);
      if (valid) {
        if (ok.size >= max) ok.clear();
        ok.add(key);
      }
      return valid;
    },
  };
}

/** off: profiles 1–2 only; optional: a client certificate, when sent, must verify; required: profile 3 only. */
export type ClientCertificateMode = 'off' | 'optional' | 'required';

/** The DER certificates a TLS peer sent: its own first, then what it sent of its chain. */
export function peerChain(socket: Partial<TLSSocket>): Buffer[] {
  const leaf = socket.getPeerCertificate?.(true);
  if (!leaf?.raw) return [];
  const chain: Buffer[] = [leaf.raw];
  let at = leaf;
  while (at.issuerCertificate && at.issuerCertificate !== at && chain.length < 6) {
    at = at.issuerCertificate;
    if (at.raw) chain.push(at.raw);
  }
  return chain;
}

export function createAuthHook({
  db,
  defaultTenantSlug,
  log,
  certificates,
  clientCertificates = 'off',
}: {
  db: Db;
  defaultTenantSlug: string;
  log: Logger;
  certificates?: CertificateAuthority;
  clientCertificates?: ClientCertificateMode;
}): AuthCallback {
  const verifier = cachedVerifier();
  const admit: (...args: Parameters<AuthCallback>) => Promise<void> = async (accept, reject, handshake) => {
    const identity = handshake.identity;
    const route = parseEndpoint(handshake.endpoint);
    if (!route || !identity) {
      reject(404, 'Unknown endpoint: connect to /ocpp/{chargePointId} or /ocpp/{tenantSlug}/{chargePointId}');
      return;
    }
    if (identity.length > 48 || identity.includes(':')) {
      reject(400, 'Invalid charge point identity');
      return;
    }
    const offered = OCPP_VERSIONS.filter((v) => handshake.protocols.has(v));
    const first = offered[0];
    if (!first) {
      reject(400, `Unsupported WebSocket subprotocol: offer one of ${OCPP_VERSIONS.join(', ')}`);
      return;
    }
    const socket = handshake.request.socket as Partial<TLSSocket>;
    const secure = socket.encrypted === true;
    const chain = secure && clientCertificates !== 'off' && certificates ? peerChain(socket) : [];
    if (clientCertificates === 'required' && !chain.length) {
      log.warn('connection refused', { identity, reason: 'no TLS client certificate (security profile 3)' });
      reject(401, 'Charge point not admitted: check its identity, endpoint and password');
      return;
    }
    try {
      const admission = await admitCharger({
        db,
        identity,
        tenantSlug: route.tenantSlug,
        defaultTenantSlug,
        password: handshake.password?.toString('utf8') ?? null,
        secure,
        protocol: protocolOfVersion(first),
        remoteAddress: handshake.remoteAddress,
        verifyPassword: verifier.verify,
        knownGood: verifier.known,
        verifyClientCertificate: chain.length
          ? (tenantId) => verifyChargerCertificate({ ca: certificates!, tenantId, identity, chain })
          : null,
      });
      if (!admission.ok) {
        // The charger hears one answer for every cause; the operator reads the cause here.
        log.warn('connection refused', {
          identity,
          tenant: route.tenantSlug,
          status: admission.status,
          reason: admission.why,
          remote: handshake.remoteAddress,
        });
        reject(admission.status, admission.message);
        return;
      }
      const { charger } = admission;
      // A charger offering both keeps the version it is registered with.
      const registered = versionOfProtocol(charger.protocol);
      const version: OcppVersion = offered.includes(registered) ? registered : first;
      attachContext(handshake.request, {
        identity,
        version,
        charger: { tenantId: charger.tenantId, chargerId: charger.id },
        tenantSlug: charger.tenantSlug,
        registration: charger.registration,
        secure,
        registeredAt: charger.createdAt,
      });
      accept({}, version);
    } catch (e) {
      log.error('admission failed', { identity, error: e });
      reject(503, 'Service temporarily unavailable');
    }
  };
  return (accept, reject, handshake, signal) => void admit(accept, reject, handshake, signal);
}
