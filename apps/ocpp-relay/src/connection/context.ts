import type { IncomingMessage } from 'node:http';
import type { ChargerRef } from '@magma/core/charging';

export const OCPP_VERSIONS = ['ocpp1.6', 'ocpp2.0.1'] as const;
export type OcppVersion = (typeof OCPP_VERSIONS)[number];

export const protocolOfVersion = (v: OcppVersion) => (v === 'ocpp1.6' ? 'OCPP16' : 'OCPP201') as 'OCPP16' | 'OCPP201';
export const versionOfProtocol = (p: 'OCPP16' | 'OCPP201'): OcppVersion => (p === 'OCPP16' ? 'ocpp1.6' : 'ocpp2.0.1');

/** Everything admission decided about one socket, resolved once in the auth hook. */
export type ConnectionContext = {
  identity: string;
  version: OcppVersion;
  charger: ChargerRef;
  tenantSlug: string;
  registration: 'ACCEPTED' | 'PENDING' | 'REJECTED';
  secure: boolean;
  /** When the charger was registered with us (see handlers/charger-clock.ts). */
  registeredAt: Date;
};

// Keyed by the upgrade request, which ocpp-rpc hands back on the connected client's handshake.
const contexts = new WeakMap<IncomingMessage, ConnectionContext>();

export function attachContext(request: IncomingMessage, ctx: ConnectionContext): void {
  contexts.set(request, ctx);
}

export function contextOf(request: IncomingMessage): ConnectionContext {
  const ctx = contexts.get(request);
  if (!ctx) throw new Error('Connection was not admitted through the auth hook');
  return ctx;
}
