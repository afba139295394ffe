import { createHash, randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Bus, BusHandler, BusMessage, Unsubscribe } from './types.ts';

// PostgreSQL LISTEN/NOTIFY: works on the embedded default with no extra service. One dedicated
// connection listens for every channel of this process, another publishes. NOTIFY payloads are
// capped near 8000 bytes, so larger messages travel as base64 chunks that the receiver
// reassembles; a session delivers its notifications in order, so chunks arrive in sequence.

const MAX_INLINE_BYTES = 7500;
const CHUNK_CHARS = 7000;
const RECONNECT_MS = 500;
const NOTIFY_PER_STATEMENT = 50;

type Partial = { parts: string[]; received: number; total: number; startedAt: number };

/** Channel names become identifiers (max 63 bytes); longer names are hashed, the same way on both ends. */
export function pgChannelName(channel: string): string {
  if (Buffer.byteLength(channel) <= 63) return channel;
  return `h:${createHash('sha1').update(channel).digest('hex')}`;
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

export class PgBus implements Bus {
  private listener: pg.Client | undefined;
  private publisher: pg.Pool | undefined;
  private listenerReady: Promise<pg.Client> | undefined;
  private readonly handlers = new Map<string, Set<BusHandler>>();
  private readonly partials = new Map<string, Partial>();
  private outbox: { parts: [string, string][]; resolve: () => void; reject: (e: unknown) => void }[] = [];
  private closed = false;

  constructor(private readonly databaseUrl: string) {}

  async publish(channel: string, message: BusMessage): Promise<void> {
    if (this.closed) throw new Error('PgBus is closed');
    const name = pgChannelName(channel);
    const json = JSON.stringify(message);
    if (Buffer.byteLength(json) <= MAX_INLINE_BYTES) return this.enqueue([[name, `0${json}`]]);
    const b64 = Buffer.from(json).toString('base64');
    const total = Math.ceil(b64.length / CHUNK_CHARS);
    const id = randomUUID();
    const parts: [string, string][] = [];
    for (let i = 0; i < total; i++)
      parts.push([name, `c${id}|${i}|${total}|${b64.slice(i * CHUNK_CHARS, (i + 1) * CHUNK_CHARS)}`]);
    return this.enqueue(parts);
  }

  /**
   * Notifications published in the same tick go out together, many per statement, on one
   * connection in order: a busy relay pays one round trip for a burst of live events.
   */
  private enqueue(parts: [string, string][]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.outbox.push({ parts, resolve, reject });
      if (this.outbox.length === 1) setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const batch = this.outbox.splice(0);
    const pairs = batch.flatMap((b) => b.parts);
    try {
      const pool = this.getPublisher();
      const sends: Promise<unknown>[] = [];
      for (let i = 0; i < pairs.length; i += NOTIFY_PER_STATEMENT) {
        const slice = pairs.slice(i, i + NOTIFY_PER_STATEMENT);
        const sql = `SELECT ${slice.map((_, k) => `pg_notify($${2 * k + 1}, $${2 * k + 2})`).join(', ')}`;
        sends.push(pool.query(sql, slice.flat()));
      }
      await Promise.all(sends);
      for (const b of batch) b.resolve();
    } catch (e) {
      for (const b of batch) b.reject(e);
    }
  }

  async subscribe(channel: string, handler: BusHandler): Promise<Unsubscribe> {
    const name = pgChannelName(channel);
    let set = this.handlers.get(name);
    if (!set) {
      set = new Set();
      this.handlers.set(name, set);
      const client = await this.getListener();
      await client.query(`LISTEN ${quoteIdent(name)}`);
    }
    set.add(handler);
    return async () => {
      const current = this.handlers.get(name);
      if (!current) return;
      current.delete(handler);
      if (current.size > 0) return;
      this.handlers.delete(name);
      if (this.listener && !this.closed) await this.listener.query(`UNLISTEN ${quoteIdent(name)}`).catch(() => {});
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.handlers.clear();
    const listener = this.listener;
    const publisher = this.publisher;
    this.listener = undefined;
    this.publisher = undefined;
    await Promise.allSettled([listener?.end(), publisher?.end()]);
  }

  private getPublisher(): pg.Pool {
    if (this.closed) throw new Error('PgBus is closed');
    if (!this.publisher) {
      // A notification carries no data of record (that was committed before it was published), so
      // its commit need not wait for the WAL flush: it would only compete with the writes that do.
      this.publisher = new pg.Pool({
        connectionString: this.databaseUrl,
        max: 1,
        application_name: 'magma-bus-pub',
        options: '-c synchronous_commit=off',
      });
      this.publisher.on('error', () => {});
    }
    return this.publisher;
  }

  private getListener(): Promise<pg.Client> {
    if (this.closed) return Promise.reject(new Error('PgBus is closed'));
    this.listenerReady ??= this.connect('magma-bus-listen').then((client) => {
      this.listener = client;
      client.on('notification', (n) => this.onNotification(n.channel, n.payload ?? ''));
      const lost = () => {
        if (this.listener !== client) return;
        this.listener = undefined;
        this.listenerReady = undefined;
        if (!this.closed) setTimeout(() => void this.relisten(), RECONNECT_MS).unref();
      };
      client.on('error', lost);
      client.on('end', lost);
      return client;
    });
    return this.listenerReady;
  }

  /** After losing the listening connection, listen again on every channel we still serve. */
  private async relisten(): Promise<void> {
    if (this.closed || this.handlers.size === 0) return;
    try {
      const client = await this.getListener();
      for (const name of this.handlers.keys()) await client.query(`LISTEN ${quoteIdent(name)}`);
    } catch {
      this.listenerReady = undefined;
      if (!this.closed) setTimeout(() => void this.relisten(), RECONNECT_MS).unref();
    }
  }

  private async connect(applicationName: string): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.databaseUrl, application_name: applicationName });
    await client.connect();
    return client;
  }

  private onNotification(name: string, payload: string): void {
    const set = this.handlers.get(name);
    if (!set || set.size === 0) return;
    let json: string | undefined;
    if (payload.startsWith('0')) {
      json = payload.slice(1);
    } else if (payload.startsWith('c')) {
      json = this.collectChunk(payload.slice(1));
    }
    if (json === undefined) return;
    let message: unknown;
    try {
      message = JSON.parse(json);
    } catch {
      return;
    }
    for (const handler of set) handler(message);
  }

  private collectChunk(body: string): string | undefined {
    const [id, index, total, chunk] = body.split('|') as [string, string, string, string];
    const now = Date.now();
    let partial = this.partials.get(id);
    if (!partial) {
      partial = { parts: [], received: 0, total: Number(total), startedAt: now };
      this.partials.set(id, partial);
      this.dropStalePartials(now);
    }
    partial.parts[Number(index)] = chunk;
    partial.received++;
    if (partial.received < partial.total) return undefined;
    this.partials.delete(id);
    return Buffer.from(partial.parts.join(''), 'base64').toString('utf8');
  }

  private dropStalePartials(now: number): void {
    for (const [id, p] of this.partials) if (now - p.startedAt > 30_000) this.partials.delete(id);
  }
}
