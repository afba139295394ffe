import type { SimulatedCharger } from './simulated-charger.ts';

// The simulated 2.0.1 charger's device model (B) and monitoring (N): an inventory shaped like a
// real charger's (controllers of Part 2 §2 plus an EVSE and a connector component per EVSE), the
// base and custom reports sent as several NotifyReport parts, variable monitors with the
// NotifyEvent they raise, SetNetworkProfile into a configuration slot, and Reset of one EVSE.
// Kept beside the charger (not in it): deviceModelOf(sim) holds one per simulated charger.

// Payloads arrive validated against the official schema (strict mode).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Params = Record<string, any>;

type Attribute = { type?: string; value?: string; mutability?: string; persistent?: boolean; constant?: boolean };
type Characteristics = {
  unit?: string;
  dataType: string;
  minLimit?: number;
  maxLimit?: number;
  valuesList?: string;
  supportsMonitoring: boolean;
};
type Component = { name: string; instance?: string; evse?: { id: number; connectorId?: number } };
type Variable = { name: string; instance?: string };
export type SimVariable = {
  component: Component;
  variable: Variable;
  attributes: Attribute[];
  characteristics: Characteristics;
};
export type SimMonitor = {
  id: number;
  component: Component;
  variable: Variable;
  type: string;
  value: number;
  severity: number;
  transaction: boolean;
  kind: 'CustomMonitor' | 'PreconfiguredMonitor' | 'HardWiredMonitor';
  /** For thresholds: whether the value is past it now (an alert is open). */
  tripped?: boolean;
  /** For Delta: the value last reported. */
  lastReported?: number;
};

const keyOf = (c: Component, v: Variable) =>
  `${c.name}${c.instance ? `[${c.instance}]` : ''}${c.evse ? `@${c.evse.id}${c.evse.connectorId !== undefined ? `.${c.evse.connectorId}` : ''}` : ''}/${v.name}${v.instance ? `[${v.instance}]` : ''}`;

const rw = (value: string): Attribute[] => [{ type: 'Actual', value, mutability: 'ReadWrite', persistent: true }];
const ro = (value: string): Attribute[] => [{ type: 'Actual', value, mutability: 'ReadOnly' }];
const num = (unit?: string, minLimit?: number, maxLimit?: number, supportsMonitoring = false): Characteristics => ({
  dataType: 'integer',
  ...(unit ? { unit } : {}),
  ...(minLimit !== undefined ? { minLimit } : {}),
  ...(maxLimit !== undefined ? { maxLimit } : {}),
  supportsMonitoring,
});
const bool: Characteristics = { dataType: 'boolean', supportsMonitoring: true };
const text: Characteristics = { dataType: 'string', supportsMonitoring: false };
const options = (valuesList: string, dataType = 'OptionList'): Characteristics => ({
  dataType,
  valuesList,
  supportsMonitoring: false,
});

/** How many reportData entries the simulated charger puts in one NotifyReport. */
export const REPORT_ITEMS_PER_PART = 8;
const MONITOR_TYPE_GROUPS: Record<string, string[]> = {
  ThresholdMonitoring: ['UpperThreshold', 'LowerThreshold'],
  DeltaMonitoring: ['Delta'],
  PeriodicMonitoring: ['Periodic', 'PeriodicClockAligned'],
};

export class SimDeviceModel {
  readonly variables = new Map<string, SimVariable>();
  readonly monitors = new Map<number, SimMonitor>();
  monitoringLevel = 9;
  monitoringBase = 'All';
  readonly networkProfiles = new Map<number, Params>();
  private nextMonitorId = 100;
  private nextEventId = 1;
  /** Sent NotifyReport/NotifyMonitoringReport/NotifyEvent payloads, in order (for tests). */
  readonly sent: { action: string; payload: Params }[] = [];

  constructor(private readonly sim: SimulatedCharger) {
    const station = (name: string, instance?: string): Component => ({ name, ...(instance ? { instance } : {}) });
    const add = (component: Component, variable: Variable, attributes: Attribute[], characteristics: Characteristics) =>
      this.variables.set(keyOf(component, variable), { component, variable, attributes, characteristics });
    const dd = station('DeviceDataCtrlr');
    for (const [instance, items, bytes] of [
      ['GetReport', 4, 4096],
      ['GetVariables', 16, 8192],
      ['SetVariables', 16, 8192],
    ] as const) {
      add(dd, { name: 'ItemsPerMessage', instance }, ro(String(items)), num(undefined, 1));
      add(dd, { name: 'BytesPerMessage', instance }, ro(String(bytes)), num('B', 1));
    }
    const comm = station('OCPPCommCtrlr');
    add(
      comm,
      { name: 'HeartbeatInterval' },
      rw(sim.config.get('OCPPCommCtrlr.HeartbeatInterval') ?? '300'),
      num('s', 1, 86400),
    );
    add(comm, { name: 'NetworkConfigurationPriority' }, rw('1'), options('1,2,3', 'SequenceList'));
    add(comm, { name: 'NetworkProfileConnectionAttempts' }, rw('3'), num(undefined, 1, 10));
    add(comm, { name: 'OfflineThreshold' }, rw('60'), num('s', 0));
    add(comm, { name: 'MessageTimeout', instance: 'Default' }, ro('30'), num('s', 1));
    add(comm, { name: 'ResetRetries' }, rw('2'), num(undefined, 0, 5));
    const sec = station('SecurityCtrlr');
    add(sec, { name: 'SecurityProfile' }, ro('1'), num(undefined, 0, 3));
    add(sec, { name: 'Identity' }, ro(sim.identity.slice(0, 48)), text);
    add(sec, { name: 'BasicAuthPassword' }, [{ type: 'Actual', mutability: 'WriteOnly' }], text);
    const auth = station('AuthCtrlr');
    add(auth, { name: 'Enabled' }, rw('true'), bool);
    add(auth, { name: 'AuthorizeRemoteStart' }, rw('false'), bool);
    add(auth, { name: 'LocalAuthorizeOffline' }, rw('true'), bool);
    const tx = station('TxCtrlr');
    add(tx, { name: 'EVConnectionTimeOut' }, rw('120'), num('s', 0));
    add(tx, { name: 'StopTxOnEVSideDisconnect' }, ro('true'), bool);
    add(
      tx,
      { name: 'TxStartPoint' },
      rw('PowerPathClosed'),
      options('EVConnected,Authorized,PowerPathClosed,EnergyTransfer', 'MemberList'),
    );
    add(
      tx,
      { name: 'TxStopPoint' },
      rw('EVConnected,Authorized'),
      options('EVConnected,Authorized,PowerPathClosed,EnergyTransfer', 'MemberList'),
    );
    const sd = station('SampledDataCtrlr');
    add(sd, { name: 'TxUpdatedInterval' }, rw('10'), num('s', 0));
    add(
      sd,
      { name: 'TxUpdatedMeasurands' },
      rw('Energy.Active.Import.Register,Power.Active.Import'),
      options('Energy.Active.Import.Register,Power.Active.Import,SoC,Current.Import', 'MemberList'),
    );
    const mon = station('MonitoringCtrlr');
    add(mon, { name: 'Enabled' }, rw('true'), bool);
    add(mon, { name: 'ItemsPerMessage', instance: 'SetVariableMonitoring' }, ro('10'), num(undefined, 1));
    add(mon, { name: 'ItemsPerMessage', instance: 'ClearVariableMonitoring' }, ro('10'), num(undefined, 1));
    const cs = station('ChargingStation');
    add(cs, { name: 'AvailabilityState' }, ro('Available'), options('Available,Occupied,Reserved,Unavailable,Faulted'));
    add(cs, { name: 'Available' }, ro('true'), bool);
    add(cs, { name: 'Problem' }, ro('false'), bool);
    add(cs, { name: 'Model' }, [{ type: 'Actual', value: 'SIM-201', mutability: 'ReadOnly', constant: true }], text);
    add(
      cs,
      { name: 'VendorName' },
      [{ type: 'Actual', value: 'Magma Sim', mutability: 'ReadOnly', constant: true }],
      text,
    );
    add(cs, { name: 'SupplyPhases' }, ro('3'), num(undefined, 0, 3));
    for (let n = 1; n <= sim.evses; n++) {
      const evse: Component = { name: 'EVSE', evse: { id: n } };
      add(
        evse,
        { name: 'AvailabilityState' },
        ro('Available'),
        options('Available,Occupied,Reserved,Unavailable,Faulted'),
      );
      add(evse, { name: 'Available' }, ro('true'), bool);
      add(
        evse,
        { name: 'Power' },
        [
          { type: 'Actual', value: '0', mutability: 'ReadOnly' },
          { type: 'MaxSet', value: '22000', mutability: 'ReadOnly' },
        ],
        { dataType: 'decimal', unit: 'W', minLimit: 0, maxLimit: 22000, supportsMonitoring: true },
      );
      add(evse, { name: 'SupplyPhases' }, ro('3'), num(undefined, 0, 3));
      const connector: Component = { name: 'Connector', evse: { id: n, connectorId: 1 } };
      add(
        connector,
        { name: 'AvailabilityState' },
        ro('Available'),
        options('Available,Occupied,Reserved,Unavailable,Faulted'),
      );
      add(connector, { name: 'Available' }, ro('true'), bool);
      add(
        connector,
        { name: 'ConnectorType' },
        [{ type: 'Actual', value: 'cType2', mutability: 'ReadOnly', constant: true }],
        text,
      );
    }
    this.restorePreconfigured();
  }

  private restorePreconfigured(): void {
    // A station watches itself for a problem; that monitor ships with it (PreconfiguredMonitor).
    this.monitors.set(1, {
      id: 1,
      component: { name: 'ChargingStation' },
      variable: { name: 'Problem' },
      type: 'Delta',
      value: 1,
      severity: 2,
      transaction: false,
      kind: 'PreconfiguredMonitor',
    });
  }

  /** The variables a base report names (B07): all, the writable ones, or the state summary. */
  base(reportBase: string): SimVariable[] {
    const all = [...this.variables.values()];
    if (reportBase === 'FullInventory') return all;
    if (reportBase === 'ConfigurationInventory')
      return all.filter((v) => v.attributes.some((a) => (a.mutability ?? 'ReadWrite') !== 'ReadOnly'));
    return all.filter((v) => ['AvailabilityState', 'Available', 'Problem'].includes(v.variable.name));
  }

  private matches(v: { component: Component; variable: Variable }, cv: Params): boolean {
    const c = cv.component as Component;
    if (c.name !== v.component.name) return false;
    if (c.instance !== undefined && c.instance !== v.component.instance) return false;
    if (c.evse && c.evse.id !== v.component.evse?.id) return false;
    if (c.evse?.connectorId !== undefined && c.evse.connectorId !== v.component.evse?.connectorId) return false;
    const w = cv.variable as Variable | undefined;
    if (!w) return true;
    return w.name === v.variable.name && (w.instance === undefined || w.instance === v.variable.instance);
  }

  /** GetReport (B08): component variables named, and/or components meeting the criteria. */
  custom(p: Params): SimVariable[] {
    let list = [...this.variables.values()];
    if (Array.isArray(p.componentVariable))
      list = list.filter((v) => (p.componentVariable as Params[]).some((cv) => this.matches(v, cv)));
    if (Array.isArray(p.componentCriteria)) {
      const compKey = (c: Component) => keyOf(c, { name: '' });
      const meeting = new Set(
        [...this.variables.values()]
          .filter((v) => (p.componentCriteria as string[]).includes(v.variable.name) && this.actual(v) === 'true')
          .map((v) => compKey(v.component)),
      );
      // Enabled and Active default to true for components that do not report them.
      list = list.filter(
        (v) =>
          meeting.has(compKey(v.component)) ||
          ((p.componentCriteria as string[]).some((c) => c === 'Enabled' || c === 'Active') &&
            ![...this.variables.values()].some(
              (w) => compKey(w.component) === compKey(v.component) && ['Enabled', 'Active'].includes(w.variable.name),
            )),
      );
    }
    return list;
  }

  actual(v: SimVariable): string | undefined {
    const key = `${v.component.name}.${v.variable.name}`;
    // Values written through SetVariables are the simulated charger's config.
    return this.sim.config.get(key) ?? v.attributes.find((a) => (a.type ?? 'Actual') === 'Actual')?.value;
  }

  private reportData(v: SimVariable) {
    const live = this.actual(v);
    return {
      component: v.component,
      variable: v.variable,
      variableAttribute: v.attributes.map((a) =>
        (a.type ?? 'Actual') === 'Actual' && a.mutability !== 'WriteOnly' && live !== undefined
          ? { ...a, value: live }
          : a,
      ),
      variableCharacteristics: v.characteristics,
    };
  }

  /** Sends a report in parts, seqNo 0…n, tbc on every part but the last. */
  async sendReport(requestId: number, list: SimVariable[]): Promise<void> {
    const parts: SimVariable[][] = [];
    for (let i = 0; i < list.length; i += REPORT_ITEMS_PER_PART) parts.push(list.slice(i, i + REPORT_ITEMS_PER_PART));
    for (const [seqNo, part] of parts.entries()) {
      const payload = {
        requestId,
        generatedAt: new Date().toISOString(),
        seqNo,
        ...(seqNo < parts.length - 1 ? { tbc: true } : {}),
        reportData: part.map((v) => this.reportData(v)),
      };
      this.sent.push({ action: 'NotifyReport', payload });
      await this.sim.call('NotifyReport', payload);
    }
  }

  // ---- monitoring (N) ----

  setMonitor(d: Params): Params {
    const echo = { type: d.type, severity: d.severity, component: d.component, variable: d.variable };
    const key = keyOf(d.component, d.variable);
    const target = this.variables.get(key);
    if (!target) {
      const known = [...this.variables.values()].some((v) => v.component.name === d.component.name);
      return { ...echo, status: known ? 'UnknownVariable' : 'UnknownComponent' };
    }
    if (!target.characteristics.supportsMonitoring) return { ...echo, status: 'UnsupportedMonitorType' };
    if (d.id !== undefined && !this.monitors.has(d.id)) return { ...echo, status: 'Rejected' };
    const duplicate = [...this.monitors.values()].find(
      (m) => m.id !== d.id && keyOf(m.component, m.variable) === key && m.type === d.type && m.severity === d.severity,
    );
    if (duplicate) return { ...echo, id: duplicate.id, status: 'Duplicate' };
    const id = d.id ?? this.nextMonitorId++;
    this.monitors.set(id, {
      id,
      component: target.component,
      variable: target.variable,
      type: d.type,
      value: Number(d.value),
      severity: d.severity,
      transaction: d.transaction === true,
      kind: 'CustomMonitor',
    });
    return { ...echo, id, status: 'Accepted' };
  }

  clearMonitor(id: number): { id: number; status: string } {
    const m = this.monitors.get(id);
    if (!m) return { id, status: 'NotFound' };
    if (m.kind === 'HardWiredMonitor') return { id, status: 'Rejected' };
    this.monitors.delete(id);
    return { id, status: 'Accepted' };
  }

  setBase(base: string): void {
    this.monitoringBase = base;
    if (base !== 'All') for (const [id, m] of this.monitors) if (m.kind === 'CustomMonitor') this.monitors.delete(id);
    if (base === 'HardWiredOnly') {
      for (const [id, m] of this.monitors) if (m.kind === 'PreconfiguredMonitor') this.monitors.delete(id);
    } else {
      this.restorePreconfigured();
    }
  }

  reportedMonitors(p: Params): SimMonitor[] {
    let list = [...this.monitors.values()];
    if (Array.isArray(p.monitoringCriteria)) {
      const types = (p.monitoringCriteria as string[]).flatMap((c) => MONITOR_TYPE_GROUPS[c] ?? []);
      list = list.filter((m) => types.includes(m.type));
    }
    if (Array.isArray(p.componentVariable))
      list = list.filter((m) => (p.componentVariable as Params[]).some((cv) => this.matches(m, cv)));
    return list;
  }

  async sendMonitoringReport(requestId: number, list: SimMonitor[]): Promise<void> {
    const byKey = new Map<string, SimMonitor[]>();
    for (const m of list)
      byKey.set(keyOf(m.component, m.variable), [...(byKey.get(keyOf(m.component, m.variable)) ?? []), m]);
    const groups = [...byKey.values()];
    const size = 3;
    const count = Math.max(1, Math.ceil(groups.length / size));
    for (let seqNo = 0; seqNo < count; seqNo++) {
      const part = groups.slice(seqNo * size, seqNo * size + size);
      const payload = {
        requestId,
        generatedAt: new Date().toISOString(),
        seqNo,
        ...(seqNo < count - 1 ? { tbc: true } : {}),
        monitor: part.map((ms) => ({
          component: ms[0]!.component,
          variable: ms[0]!.variable,
          variableMonitoring: ms.map((m) => ({
            id: m.id,
            transaction: m.transaction,
            value: m.value,
            type: m.type,
            severity: m.severity,
          })),
        })),
      };
      this.sent.push({ action: 'NotifyMonitoringReport', payload });
      await this.sim.call('NotifyMonitoringReport', payload);
    }
  }

  /**
   * A measured value changes (a sensor, the power an EVSE delivers): the Actual value is kept and
   * every monitor on it that fires sends a NotifyEvent (thresholds also when they clear), if its
   * severity is within the monitoring level.
   */
  async setActual(key: string, value: number | string): Promise<Params[]> {
    const v = this.variables.get(key);
    if (!v) throw new Error(`No variable ${key}`);
    const attr = v.attributes.find((a) => (a.type ?? 'Actual') === 'Actual');
    if (attr) attr.value = String(value);
    const n = typeof value === 'number' ? value : value === 'true' ? 1 : value === 'false' ? 0 : Number(value);
    const events: Params[] = [];
    const timestamp = new Date().toISOString();
    for (const m of this.monitors.values()) {
      if (keyOf(m.component, m.variable) !== key || m.severity > this.monitoringLevel) continue;
      let trigger: string | null = null;
      let cleared = false;
      if (m.type === 'UpperThreshold' || m.type === 'LowerThreshold') {
        const past = m.type === 'UpperThreshold' ? n > m.value : n < m.value;
        if (past && !m.tripped) trigger = 'Alerting';
        if (!past && m.tripped) [trigger, cleared] = ['Alerting', true];
        m.tripped = past;
      } else if (m.type === 'Delta') {
        const last = m.lastReported ?? (v.characteristics.dataType === 'boolean' ? 0 : n);
        if (Math.abs(n - last) >= m.value) trigger = 'Delta';
        if (trigger) m.lastReported = n;
        else m.lastReported ??= last;
      }
      if (!trigger) continue;
      events.push({
        eventId: this.nextEventId++,
        timestamp,
        trigger,
        actualValue: String(value),
        ...(cleared ? { cleared: true } : {}),
        component: m.component,
        variable: m.variable,
        variableMonitoringId: m.id,
        eventNotificationType: m.kind,
      });
    }
    if (events.length) {
      const payload = { generatedAt: timestamp, seqNo: 0, eventData: events };
      this.sent.push({ action: 'NotifyEvent', payload });
      await this.sim.call('NotifyEvent', payload);
    }
    return events;
  }
}

const models = new WeakMap<SimulatedCharger, SimDeviceModel>();

export function deviceModelOf(sim: SimulatedCharger): SimDeviceModel {
  let model = models.get(sim);
  if (!model) models.set(sim, (model = new SimDeviceModel(sim)));
  return model;
}

type Reply = (sim: SimulatedCharger, p: Params) => Record<string, unknown>;

export const deviceModelReplies201: Record<string, Reply> = {
  GetBaseReport: (sim, p) => {
    const dm = deviceModelOf(sim);
    const list = dm.base(p.reportBase);
    if (!list.length) return { status: 'EmptyResultSet' };
    sim.later(() => dm.sendReport(p.requestId, list));
    return { status: 'Accepted' };
  },
  GetReport: (sim, p) => {
    const dm = deviceModelOf(sim);
    const limit = Number(dm.actual(dm.variables.get('DeviceDataCtrlr/ItemsPerMessage[GetReport]')!));
    if (Array.isArray(p.componentVariable) && p.componentVariable.length > limit) return { status: 'Rejected' };
    const list = dm.custom(p);
    if (!list.length) return { status: 'EmptyResultSet' };
    sim.later(() => dm.sendReport(p.requestId, list));
    return { status: 'Accepted' };
  },
  SetNetworkProfile: (sim, p) => {
    const dm = deviceModelOf(sim);
    const slots = (dm.variables.get('OCPPCommCtrlr/NetworkConfigurationPriority')!.characteristics.valuesList ?? '')
      .split(',')
      .map(Number);
    if (!slots.includes(p.configurationSlot)) return { status: 'Rejected' };
    dm.networkProfiles.set(p.configurationSlot, p.connectionData);
    return { status: 'Accepted' };
  },
  Reset: (sim, p) => {
    if (p.evseId === undefined) {
      sim.later(() => sim.reboot(p.type === 'Immediate' ? 'RemoteReset' : 'ScheduledReset'));
      return { status: 'Accepted' };
    }
    if (p.evseId < 1 || p.evseId > sim.evses) return { status: 'Rejected' };
    // An EVSE charging now resets once idle (Scheduled); Immediate ends its transaction first.
    if (sim.transactionOn(p.evseId) && p.type === 'OnIdle') return { status: 'Scheduled' };
    sim.later(async () => {
      if (sim.transactionOn(p.evseId)) await sim.stopTransaction({ evseId: p.evseId, reason: 'ImmediateReset' });
      await sim.sendStatus(p.evseId, 'Unavailable');
      await sim.sendStatus(p.evseId, 'Available');
    });
    return { status: 'Accepted' };
  },
  SetVariableMonitoring: (sim, p) => {
    const dm = deviceModelOf(sim);
    return { setMonitoringResult: (p.setMonitoringData as Params[]).map((d) => dm.setMonitor(d)) };
  },
  ClearVariableMonitoring: (sim, p) => {
    const dm = deviceModelOf(sim);
    return { clearMonitoringResult: (p.id as number[]).map((id) => dm.clearMonitor(id)) };
  },
  SetMonitoringBase: (sim, p) => {
    deviceModelOf(sim).setBase(p.monitoringBase);
    return { status: 'Accepted' };
  },
  SetMonitoringLevel: (sim, p) => {
    deviceModelOf(sim).monitoringLevel = p.severity;
    return { status: 'Accepted' };
  },
  GetMonitoringReport: (sim, p) => {
    const dm = deviceModelOf(sim);
    const list = dm.reportedMonitors(p);
    if (!list.length) return { status: 'EmptyResultSet' };
    sim.later(() => dm.sendMonitoringReport(p.requestId, list));
    return { status: 'Accepted' };
  },
};
