import { Redis } from 'ioredis';
import type { Bus, BusHandler, BusMessage, Unsubscribe } from './types.ts';

// Redis pub/sub: one connection publishes, one subscribes for every channel of this process.
// Suits N relays + N web instances; messages are fire-and-forget like PgBus.

export class RedisBus implements Bus {
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly handlers = new Map<string, Set<BusHandler>>();
  /** Both connections up before the first command, so nothing sits in ioredis' offline queue. */
  private readonly ready: Promise<unknown>;

  constructor(url: string, onError: (e: unknown) => void = () => {}) {
    this.pub = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
    this.sub = new Redis(url, { lazyConnect: true });
    this.sub.on('message', (channel: string, raw: string) => this.dispatch(channel, raw));
    // ioredis reconnects (and resubscribes) on its own; errors only get reported.
    this.pub.on('error', onError);
    this.sub.on('error', onError);
    this.ready = Promise.all([this.pub.connect(), this.sub.connect()]);
    this.ready.catch(onError);
  }

  async publish(channel: string, message: BusMessage): Promise<void> {
    await this.ready;
    await this.pub.publish(channel, JSON.stringify(message));
  }

  async subscribe(channel: string, handler: BusHandler): Promise<Unsubscribe> {
    let set = this.handlers.get(channel);
    if (!set) {
      set = new Set();
      this.handlers.set(channel, set);
      await this.ready;
      await this.sub.subscribe(channel);
    }
    set.add(handler);
    return async () => {
      const current = this.handlers.get(channel);
      if (!current) return;
      current.delete(handler);
      if (current.size > 0) return;
      this.handlers.delete(channel);
      await this.sub.unsubscribe(channel);
    };
  }

  async close(): Promise<void> {
    this.handlers.clear();
    await this.ready.catch(() => {});
    await Promise.allSettled([this.pub.quit(), this.sub.quit()]);
  }

  private dispatch(channel: string, raw: string): void {
    const set = this.handlers.get(channel);
    if (!set) return;
    let message: unknown;
    try {
      message = JSON.parse(raw);
    } catch {
      return;
    }
    for (const handler of set) handler(message);
  }
}
