import type { Db } from '@magma/db';
import type { Bus, LiveEventSink } from '@magma/core/bus';
import type { CertificateAuthority } from '@magma/core/certificates';
import type { PlugAndChargeOptions } from '@magma/core/plug-and-charge';
import type { ConnectionContext } from '../connection/context.ts';
import type { ReplacedTime } from './charger-clock.ts';
import type { HeartbeatBatcher } from '../heartbeat-batcher.ts';
import type { Logger } from '../logger.ts';

export type HandlerDeps = {
  db: Db;
  events: LiveEventSink;
  heartbeats: HeartbeatBatcher;
  log: Logger;
  /** ISO 15118 Plug & Charge (OCSP, contract certificate provider); absent: the defaults (no private addresses, no keyring). */
  plugAndCharge?: PlugAndChargeOptions;
  /** For calls the CSMS makes after answering (CertificateSigned after SignCertificate). */
  bus?: Bus;
  /** Signs chargers' CSRs; absent: SignCertificate is answered Rejected. */
  certificates?: CertificateAuthority;
};
export type HandlerContext = HandlerDeps & {
  conn: ConnectionContext;
  /** Times of this message no charger clock could mean, replaced by the receive time (charger-clock.ts). */
  replacedTimes?: readonly ReplacedTime[];
};

/** A handler gets params already validated against the official schema (ocpp-rpc strict mode). */
export type Handler = (ctx: HandlerContext, params: unknown) => Promise<Record<string, unknown>>;

export function defineHandler<P>(fn: (ctx: HandlerContext, params: P) => Promise<Record<string, unknown>>): Handler {
  return (ctx, params) => fn(ctx, params as P);
}
