import type { RPCServerClient } from './rpc-types.ts';

/** The sockets this relay holds, by charger id: at most one per charger. */
export class ConnectionRegistry {
  private readonly byCharger = new Map<string, RPCServerClient>();

  get(chargerId: string): RPCServerClient | undefined {
    return this.byCharger.get(chargerId);
  }

  /** Registers a socket and returns the one it replaces, if any. */
  set(chargerId: string, client: RPCServerClient): RPCServerClient | undefined {
    const previous = this.byCharger.get(chargerId);
    this.byCharger.set(chargerId, client);
    return previous === client ? undefined : previous;
  }

  /** Removes the socket only if it is still the registered one. */
  release(chargerId: string, client: RPCServerClient): boolean {
    if (this.byCharger.get(chargerId) !== client) return false;
    this.byCharger.delete(chargerId);
    return true;
  }

  get size(): number {
    return this.byCharger.size;
  }

  entries(): IterableIterator<[string, RPCServerClient]> {
    return this.byCharger.entries();
  }
}
