import type { RPCServerClient } from './rpc-types.ts';

// Two sockets of one identity (a charger that reconnects twice after a hard reset, or two devices
// configured alike) would evict each other for ever: each new socket replaces the other, which
// reconnects and replaces it in turn. The newest socket still wins, but a second replacement within
// the window is refused while the socket holding the identity is alive (it sent a message or
// answered a ping within the window): the newcomer is closed with 1013 (try again later) and the
// operator gets a fault. A silent holder, like the half-open socket of a charger that rebooted, is
// replaced at once.

export const FLAP_WINDOW_MS = 30_000;
export const FLAPPING_FAULT = 'IdentityFlapping';

export class FlapDamper {
  /** When the socket holding each identity replaced another. */
  private readonly replacedAt = new Map<string, number>();
  private readonly activity = new WeakMap<RPCServerClient, number>();

  constructor(
    private readonly windowMs: number = FLAP_WINDOW_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** The socket sent a message or answered a ping. */
  touch(client: RPCServerClient): void {
    this.activity.set(client, this.now());
  }

  /** Watches a socket's inbound messages and pongs. */
  watch(client: RPCServerClient): void {
    client.on('message', ({ outbound }: { outbound: boolean }) => {
      if (!outbound) this.touch(client);
    });
    client.on('ping', () => this.touch(client));
  }

  /** Whether a new socket may replace `current`, the socket holding the identity (recorded if so). */
  mayReplace(chargerId: string, current: RPCServerClient): boolean {
    const t = this.now();
    const replacedAt = this.replacedAt.get(chargerId);
    const recentlyReplaced = replacedAt !== undefined && t - replacedAt < this.windowMs;
    const alive = (this.activity.get(current) ?? -Infinity) > t - this.windowMs;
    if (recentlyReplaced && alive) return false;
    this.replacedAt.set(chargerId, t);
    return true;
  }

  /** The identity has no socket any more. */
  released(chargerId: string): void {
    this.replacedAt.delete(chargerId);
  }
}
