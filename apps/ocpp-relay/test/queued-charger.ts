import { RPCClient } from 'ocpp-rpc';

// An OCPP 1.6 (or 2.0.1) charger with an offline queue, as the spec asks of one (1.6 §4.10 / Errata 3.x,
// 2.0.1 E13): transaction-related messages (StartTransaction, MeterValues of a transaction,
// StopTransaction) are queued and delivered in order; a message whose connection went away (or
// that timed out) stays at the head of the queue and is sent again once the charger is connected;
// a CALLERROR counts as a failed attempt and, after `attempts`, the message is dropped — which is
// what a relay answering InternalError during a database outage would make a real charger do.
// Reconnects by itself (ocpp-rpc's backoff). Used by the relay's outage test and the fault suite.

export type Acked = { action: string; params: Record<string, unknown>; result: unknown; at: number };

export class QueuedCharger {
  readonly client: RPCClient;
  readonly acked: Acked[] = [];
  readonly errors: { action: string; code: string; at: number }[] = [];
  readonly dropped: { action: string; params: Record<string, unknown> }[] = [];
  /** Every time the socket went away (the charger reconnects by itself). */
  readonly closes: { code: number; reason: string; at: number }[] = [];
  private readonly queue: {
    action: string;
    params: () => Record<string, unknown>;
    failures: number;
    done: (r: unknown) => void;
  }[] = [];
  private pumping = false;
  private stopped = false;
  private readonly callTimeoutMs: number;
  private readonly attempts: number;
  /** Called with each answer before the next message is sent (a test checks the store there). */
  onAck?: (a: Acked) => Promise<void> | void;

  constructor(opts: {
    url: string;
    identity: string;
    protocol?: 'ocpp1.6' | 'ocpp2.0.1';
    callTimeoutMs?: number;
    attempts?: number;
  }) {
    this.callTimeoutMs = opts.callTimeoutMs ?? 30_000;
    this.attempts = opts.attempts ?? 3;
    this.client = new RPCClient({
      endpoint: opts.url,
      identity: opts.identity,
      protocols: [opts.protocol ?? 'ocpp1.6'],
      strictMode: true,
      reconnect: true,
      maxReconnects: Infinity,
      callTimeoutMs: this.callTimeoutMs,
      backoff: { initialDelay: 250, maxDelay: 2_000, factor: 2, randomisationFactor: 0.25 },
    } as unknown as ConstructorParameters<typeof RPCClient>[0]);
    this.client.on('disconnect', ({ code, reason }: { code: number; reason: string }) =>
      this.closes.push({ code, reason: String(reason), at: Date.now() }),
    );
    this.client.on('open', () => void this.pump());
    this.client.on('error', () => {});
  }

  async connect(): Promise<void> {
    await this.client.connect();
  }

  get pending(): number {
    return this.queue.length;
  }

  /**
   * Queues a transaction-related message; resolves with its answer once it is delivered.
   * `params` is a function so a StopTransaction can name the transactionId the start got.
   */
  send(action: string, params: Record<string, unknown> | (() => Record<string, unknown>)): Promise<unknown> {
    return new Promise((done) => {
      this.queue.push({ action, params: typeof params === 'function' ? params : () => params, failures: 0, done });
      void this.pump();
    });
  }

  /** Waits until every queued message got its answer (or was dropped). */
  async drained(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.queue.length > 0 || this.pumping) {
      if (Date.now() > deadline) throw new Error(`offline queue not drained: ${this.queue.length} left`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async close(): Promise<void> {
    this.stopped = true;
    await this.client.close({ force: true });
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (!this.stopped && this.queue.length > 0 && this.client.state === RPCClient.OPEN) {
        const head = this.queue[0]!;
        const params = head.params();
        try {
          const result = await this.client.call(head.action, params);
          const ack = { action: head.action, params, result, at: Date.now() };
          this.acked.push(ack);
          await this.onAck?.(ack);
          this.queue.shift();
          head.done(result);
        } catch (e) {
          const code = (e as { rpcErrorCode?: string }).rpcErrorCode;
          if (!code) {
            // No answer (socket closed, timed out): the message stays queued for the next connection.
            if (this.client.state === RPCClient.OPEN) await new Promise((r) => setTimeout(r, 200));
            continue;
          }
          this.errors.push({ action: head.action, code, at: Date.now() });
          if (++head.failures >= this.attempts) {
            this.dropped.push({ action: head.action, params });
            this.queue.shift();
            head.done(undefined);
          } else {
            await new Promise((r) => setTimeout(r, 500));
          }
        }
      }
    } finally {
      this.pumping = false;
    }
  }
}
