import type { ConnectionContext } from './context.ts';

// A charger that is not Accepted may only boot (2.0.1 B02.FR.09 Pending, B03.FR.07 Rejected; 1.6
// §4.2 registration status): anything else it sends is answered with CALLERROR SecurityError,
// except, while Pending, the messages a TriggerMessage of ours asked for. The gate starts from the
// registration admission read (a charger accepted earlier may reconnect without booting again) and
// follows the answer to each BootNotification on this socket.

export type BootStatus = 'Accepted' | 'Pending' | 'Rejected';

/** How long the message a TriggerMessage asked for is let through a Pending charger's gate. */
export const TRIGGERED_WINDOW_MS = 60_000;

const FROM_REGISTRATION: Record<ConnectionContext['registration'], BootStatus> = {
  ACCEPTED: 'Accepted',
  PENDING: 'Pending',
  REJECTED: 'Rejected',
};

/** The action a TriggerMessage's requestedMessage makes the charger send (both versions, incl. 1.6 security). */
const TRIGGERED_ACTION: Record<string, string> = {
  SignChargingStationCertificate: 'SignCertificate',
  SignV2GCertificate: 'SignCertificate',
  SignCombinedCertificate: 'SignCertificate',
  SignChargePointCertificate: 'SignCertificate',
};

export class BootGate {
  private status: BootStatus;
  private readonly triggered = new Map<string, number>();

  constructor(
    registration: ConnectionContext['registration'],
    private readonly now: () => number = Date.now,
  ) {
    this.status = FROM_REGISTRATION[registration];
  }

  get bootStatus(): BootStatus {
    return this.status;
  }

  /** The status the CSMS answered a BootNotification with on this socket. */
  booted(status: BootStatus): void {
    this.status = status;
  }

  /** A TriggerMessage (or 1.6 ExtendedTriggerMessage) is going out: its message may come in. */
  triggering(requestedMessage: string): void {
    this.triggered.set(TRIGGERED_ACTION[requestedMessage] ?? requestedMessage, this.now() + TRIGGERED_WINDOW_MS);
  }

  /** The charger refused (or did not answer) the trigger: nothing is let through for it. */
  notTriggered(requestedMessage: string): void {
    this.triggered.delete(TRIGGERED_ACTION[requestedMessage] ?? requestedMessage);
  }

  /** Null when the message may be handled, else why it is refused. */
  refusal(action: string): string | null {
    if (this.status === 'Accepted' || action === 'BootNotification') return null;
    if (this.status === 'Pending') {
      const until = this.triggered.get(action);
      if (until !== undefined && until >= this.now()) return null;
    }
    return `The charger's registration is ${this.status}: only BootNotification is accepted`;
  }
}

/** The requestedMessage of an outgoing TriggerMessage/ExtendedTriggerMessage call, if it is one. */
export function requestedMessageOf(action: string, payload: unknown): string | null {
  if (action !== 'TriggerMessage' && action !== 'ExtendedTriggerMessage') return null;
  const m = (payload as { requestedMessage?: unknown } | null)?.requestedMessage;
  return typeof m === 'string' ? m : null;
}
