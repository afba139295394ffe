import { rememberCustomer } from './customer-information.ts';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { RPCClient } from 'ocpp-rpc';
import { replies16, replies201 } from './command-replies.ts';
import { sendTriggered } from './triggers.ts';
import { SimProfiles, type SimTransaction } from './profiles.ts';
import { SimReservations } from './reservations.ts';
import { SimLocalList } from './local-list.ts';
import { bootPayload, meterValue, statusPayload, type SimStatus, type Version } from './payloads.ts';

export type SimulatedChargerOptions = {
  /** Base endpoint, e.g. ws://127.0.0.1:9000/ocpp or ws://host:9000/ocpp/{tenantSlug}. */
  url: string;
  identity: string;
  protocol: Version;
  password?: string | null;
  connectors?: number;
  /** Period of MeterValues during a transaction; 0 turns automatic meter values off. */
  meterIntervalMs?: number;
  /** Charging power while a session runs. */
  powerW?: number;
  reconnect?: boolean;
  callTimeoutMs?: number;
};

type Session = {
  transactionId: string;
  energyWh: number;
  startWh: number;
  soc: number;
  seqNo: number;
  timer?: NodeJS.Timeout;
  lastTick: number;
  startedAt: number;
};

export type ReceivedCommand = { action: string; params: unknown; reply: unknown };

/**
 * An OCPP charger in software (ocpp-rpc client, strict mode both ways): boots, reports status,
 * runs transactions with meter values and answers every CSMS command the way a real one does.
 * Used by tests, the `simulate` CLI, the demo fleet and the benchmark.
 */
export class SimulatedCharger extends EventEmitter {
  readonly identity: string;
  readonly protocol: Version;
  readonly client: RPCClient;
  readonly config = new Map<string, string>([
    ['HeartbeatInterval', '300'],
    ['MeterValueSampleInterval', '10'],
    ['OCPPCommCtrlr.HeartbeatInterval', '300'],
    ['ReserveConnectorZeroSupported', 'true'],
  ]);
  readonly reservations = new SimReservations(this);
  readonly received: ReceivedCommand[] = [];
  readonly localList: SimLocalList;
  heartbeatIntervalSec = 300;
  private readonly sessions = new Map<number, Session>();
  private readonly status = new Map<number, SimStatus>();
  /** The charging profiles it holds; its delivered power follows their composite schedule. */
  readonly profiles: SimProfiles;
  private readonly opts: Required<Pick<SimulatedChargerOptions, 'connectors' | 'meterIntervalMs' | 'powerW'>>;
  private meterWh = Math.floor(Math.random() * 1_000_000);
  private heartbeatTimer?: NodeJS.Timeout;
  private closed = false;

  constructor(options: SimulatedChargerOptions) {
    super();
    this.identity = options.identity;
    this.protocol = options.protocol;
    this.opts = {
      connectors: options.connectors ?? 2,
      meterIntervalMs: options.meterIntervalMs ?? 10_000,
      powerW: options.powerW ?? 7400,
    };
    this.profiles = new SimProfiles(this.protocol, this.opts.powerW);
    this.localList = new SimLocalList(this.protocol, this.config);
    for (let n = 1; n <= this.opts.connectors; n++) this.status.set(n, 'Available');
    this.client = new RPCClient({
      endpoint: options.url,
      identity: options.identity,
      protocols: [options.protocol],
      password: options.password ?? null,
      strictMode: true,
      reconnect: options.reconnect ?? false,
      callTimeoutMs: options.callTimeoutMs ?? 30_000,
      backoff: { initialDelay: 200, maxDelay: 5000, factor: 2, randomisationFactor: 0.25 },
    } as ConstructorParameters<typeof RPCClient>[0]);
    this.client.on('error', () => {});
    const table = this.protocol === 'ocpp1.6' ? replies16 : replies201;
    for (const [action, reply] of Object.entries(table)) {
      this.client.handle(action, async ({ params }) => {
        const answer = reply(this, (params ?? {}) as Record<string, unknown>);
        const received = { action, params, reply: answer };
        this.received.push(received);
        this.emit('command', received);
        return answer;
      });
    }
  }

  /** The version of the local authorization list it holds (0: none). */
  get localListVersion(): number {
    return this.localList.version;
  }
  set localListVersion(version: number) {
    this.localList.version = version;
  }

  get evses(): number {
    return this.opts.connectors;
  }

  async connect(): Promise<void> {
    await this.client.connect();
  }

  /** Connects, boots and reports every connector: what a charger does at power-up. */
  async start(): Promise<{ status: string; interval: number }> {
    await this.connect();
    const boot = await this.boot();
    await this.sendStatus(0, 'Available');
    for (const [evseId, status] of this.status) await this.sendStatus(evseId, status);
    return boot;
  }

  async boot(): Promise<{ status: string; interval: number }> {
    const res = (await this.call(
      'BootNotification',
      bootPayload(this.protocol, {
        vendor: 'Magma Sim',
        model: this.protocol === 'ocpp1.6' ? 'SIM-16' : 'SIM-201',
        serial: `SN-${this.identity}`,
        firmware: '1.0.0',
      }),
    )) as {
      status: string;
      interval: number;
    };
    this.heartbeatIntervalSec = res.interval;
    return res;
  }

  /** Sends Heartbeat every interval the CSMS gave at boot (off unless called). */
  startHeartbeats(intervalSec = this.heartbeatIntervalSec): void {
    clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = setInterval(() => void this.heartbeat().catch(() => {}), intervalSec * 1000);
    this.heartbeatTimer.unref();
  }

  heartbeat(): Promise<unknown> {
    return this.call('Heartbeat', {});
  }

  async sendStatus(evseId: number, status: SimStatus, errorCode = 'NoError'): Promise<void> {
    if (evseId > 0) this.status.set(evseId, status);
    await this.call('StatusNotification', statusPayload(this.protocol, evseId, status, errorCode));
  }

  async authorize(idTag: string): Promise<string> {
    if (this.protocol === 'ocpp1.6') {
      const r = (await this.call('Authorize', { idTag })) as { idTagInfo: { status: string } };
      return r.idTagInfo.status;
    }
    const r = (await this.call('Authorize', { idToken: { idToken: idTag, type: 'ISO14443' } })) as {
      idTokenInfo: { status: string };
    };
    return r.idTokenInfo.status;
  }

  statusOf(evseId: number): SimStatus | undefined {
    return this.status.get(evseId);
  }

  freeEvse(): number | undefined {
    for (let n = 1; n <= this.opts.connectors; n++)
      if (!this.sessions.has(n) && this.status.get(n) === 'Available') return n;
    return undefined;
  }

  transactionOn(evseId: number): string | undefined {
    return this.sessions.get(evseId)?.transactionId;
  }

  /** What the EVSE delivers now: its power, capped by the composite schedule of the profiles it holds. */
  deliveredPowerW(evseId: number, now = Date.now()): number {
    const s = this.sessions.get(evseId);
    return this.profiles.powerW(evseId, now, s ? { id: s.transactionId, startedAt: s.startedAt } : undefined);
  }

  /** The running transaction on an EVSE as the composite schedule needs it. */
  transactionFor(evseId: number): SimTransaction | undefined {
    const s = this.sessions.get(evseId);
    return s ? { id: s.transactionId, startedAt: s.startedAt } : undefined;
  }

  /** The EVSEs with a transaction running. */
  runningEvses(): number[] {
    return [...this.sessions.keys()];
  }

  /** The energy register of an EVSE: its session's meter while one runs, else the charger's. */
  meterWhOf(evseId: number): number {
    return this.sessions.get(evseId)?.energyWh ?? this.meterWh;
  }

  evseOfTransaction(transactionId: string): number | undefined {
    for (const [evseId, s] of this.sessions) if (s.transactionId === transactionId) return evseId;
    return undefined;
  }

  /** Plugs in, starts a session and (unless turned off) sends MeterValues every interval. */
  async startTransaction({
    evseId,
    idTag,
    idTokenType = 'ISO14443',
    remoteStartId,
  }: {
    evseId: number;
    idTag: string;
    /** 2.0.1 IdTokenEnumType of a local start (eMAID for Plug & Charge). */
    idTokenType?: string;
    remoteStartId?: number;
  }): Promise<string> {
    const reservationId = this.reservations.useFor(evseId, idTag);
    rememberCustomer(this, idTag, evseId, new Date().toISOString());
    const reserved = reservationId === undefined ? {} : { reservationId };
    await this.sendStatus(evseId, 'Preparing');
    const startWh = this.meterWh;
    const timestamp = new Date().toISOString();
    const session: Session = {
      transactionId: '',
      energyWh: startWh,
      startWh,
      soc: 20,
      seqNo: 1,
      lastTick: Date.now(),
      startedAt: Date.now(),
    };
    if (this.protocol === 'ocpp1.6') {
      const r = (await this.call('StartTransaction', {
        connectorId: evseId,
        idTag,
        meterStart: startWh,
        timestamp,
        ...reserved,
      })) as { transactionId: number };
      session.transactionId = String(r.transactionId);
      this.sessions.set(evseId, session);
    } else {
      // The charger names 2.0.1 transactions itself, so the session exists before the CSMS hears of it.
      session.transactionId = randomUUID();
      this.sessions.set(evseId, session);
      await this.call('TransactionEvent', {
        eventType: 'Started',
        timestamp,
        triggerReason: remoteStartId === undefined ? 'Authorized' : 'RemoteStart',
        seqNo: 0,
        transactionInfo: {
          transactionId: session.transactionId,
          chargingState: 'Charging',
          ...(remoteStartId === undefined ? {} : { remoteStartId }),
        },
        idToken: { idToken: idTag, type: remoteStartId === undefined ? idTokenType : 'Central' },
        evse: { id: evseId, connectorId: 1 },
        meterValue: [meterValue(this.protocol, { energyWh: startWh, powerW: 0, soc: 20 }, 'Transaction.Begin')],
        ...reserved,
      });
    }
    const { transactionId } = session;
    await this.sendStatus(evseId, 'Charging');
    if (this.opts.meterIntervalMs > 0) {
      session.timer = setInterval(() => void this.sendMeterValues(evseId).catch(() => {}), this.opts.meterIntervalMs);
      session.timer.unref();
    }
    this.emit('transactionStarted', { evseId, transactionId });
    return transactionId;
  }

  /** Advances the meter by the energy delivered since the last sample and reports it. */
  async sendMeterValues(evseId: number, triggerReason = 'MeterValuePeriodic'): Promise<void> {
    const s = this.sessions.get(evseId);
    if (!s) return;
    const now = Date.now();
    const powerW = this.deliveredPowerW(evseId, now);
    const wh = powerW > 0 ? Math.max(1, Math.round((powerW * (now - s.lastTick)) / 3_600_000)) : 0;
    s.lastTick = now;
    s.energyWh += wh;
    this.meterWh = s.energyWh;
    s.soc = Math.min(100, s.soc + 1);
    const mv = meterValue(this.protocol, { energyWh: s.energyWh, powerW, soc: s.soc });
    if (this.protocol === 'ocpp1.6') {
      await this.call('MeterValues', { connectorId: evseId, transactionId: Number(s.transactionId), meterValue: [mv] });
    } else {
      await this.call('TransactionEvent', {
        eventType: 'Updated',
        timestamp: mv.timestamp,
        triggerReason,
        seqNo: s.seqNo++,
        transactionInfo: { transactionId: s.transactionId, chargingState: 'Charging' },
        evse: { id: evseId, connectorId: 1 },
        meterValue: [mv],
      });
    }
  }

  async stopTransaction({ evseId, reason = 'Local' }: { evseId: number; reason?: string }): Promise<void> {
    const s = this.sessions.get(evseId);
    if (!s) return;
    clearInterval(s.timer);
    this.sessions.delete(evseId);
    this.profiles.endTransaction(s.transactionId);
    const timestamp = new Date().toISOString();
    if (this.protocol === 'ocpp1.6') {
      await this.call('StopTransaction', {
        transactionId: Number(s.transactionId),
        meterStop: s.energyWh,
        timestamp,
        reason,
        transactionData: [
          meterValue(this.protocol, { energyWh: s.energyWh, powerW: 0, soc: s.soc }, 'Transaction.End'),
        ],
      });
    } else {
      await this.call('TransactionEvent', {
        eventType: 'Ended',
        timestamp,
        triggerReason: reason === 'Remote' ? 'RemoteStop' : 'StopAuthorized',
        seqNo: s.seqNo++,
        transactionInfo: { transactionId: s.transactionId, chargingState: 'Idle', stoppedReason: reason },
        evse: { id: evseId, connectorId: 1 },
        meterValue: [meterValue(this.protocol, { energyWh: s.energyWh, powerW: 0, soc: s.soc }, 'Transaction.End')],
      });
    }
    await this.sendStatus(evseId, this.protocol === 'ocpp1.6' ? 'Finishing' : 'Available');
    if (this.protocol === 'ocpp1.6') await this.sendStatus(evseId, 'Available');
    this.emit('transactionStopped', { evseId, transactionId: s.transactionId });
  }

  async setAvailability(evseId: number, operative: boolean): Promise<void> {
    const targets = evseId === 0 ? [...this.status.keys()] : [evseId];
    for (const n of targets)
      if (!this.sessions.has(n)) await this.sendStatus(n, operative ? 'Available' : 'Unavailable');
  }

  /** Sends a message the CSMS asked for (TriggerMessage): see triggers.ts. */
  trigger(message: string, evseId?: number, connectorId?: number): Promise<void> {
    return sendTriggered(this, { message, evseId, connectorId });
  }

  /** Stops sessions, drops the socket like a power cycle, reconnects and boots again. */
  async reboot(reason: string): Promise<void> {
    // 1.6 Reason has HardReset/SoftReset; 2.0.1's ReasonEnumType has ImmediateReset (a reset that ends the
    // transaction) and no soft/hard distinction.
    const stopReason =
      this.protocol === 'ocpp1.6' ? (reason === 'HardReset' ? 'HardReset' : 'SoftReset') : 'ImmediateReset';
    for (const evseId of [...this.sessions.keys()]) await this.stopTransaction({ evseId, reason: stopReason });
    await this.client.close({ code: 1000, reason: 'Rebooting' });
    if (this.closed) return;
    await new Promise((r) => setTimeout(r, 50));
    await this.start();
    this.emit('rebooted', { reason });
  }

  /** Schedules what a charger does after it has answered a command. */
  later(action: () => Promise<unknown>): void {
    setTimeout(() => void action().catch((error: unknown) => this.emit('simError', error)), 20);
  }

  call(action: string, payload: unknown): Promise<unknown> {
    return this.client.call(action, payload);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.heartbeatTimer);
    for (const s of this.sessions.values()) clearInterval(s.timer);
    this.reservations.clear();
    await this.client.close({ code: 1000, reason: 'Simulator stopped' });
  }
}
