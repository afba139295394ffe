import type { SetChargingProfile16Request, SetChargingProfile201Request } from '@magma/allocator/profiles';
import type { SimulatedCharger } from './simulated-charger.ts';
import { deviceModelReplies201 } from './device-model.ts';
import { firmwareReplies16, firmwareReplies201 } from './firmware.ts';
import { triggerStatus } from './triggers.ts';
import { certificateReplies16, certificateReplies201 } from './certificates.ts';
import { californiaConfigurationStatus, costMessageReply } from './california-pricing.ts';
import { pncDataTransferReply } from './pnc-16.ts';
import { customerInformationReplies201 } from './customer-information.ts';
import { displayMessageReplies201, transactionStatusReplies201 } from './display-messages.ts';

// How the simulated charger answers each CSMS command, per version, and what it then does
// (a real charger replies first and acts after: a Reset reboots, a remote start starts).

// Payloads arrive validated against the official schema (strict mode); replies read them field by field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Params = Record<string, any>;
type Reply = (sim: SimulatedCharger, p: Params) => Record<string, unknown>;

const accepted = () => ({ status: 'Accepted' });

export const replies16: Record<string, Reply> = {
  Reset: (sim, p) => {
    sim.later(() => sim.reboot(p.type === 'Hard' ? 'HardReset' : 'SoftReset'));
    return accepted();
  },
  UnlockConnector: () => ({ status: 'Unlocked' }),
  RemoteStartTransaction: (sim, p) => {
    const evseId = p.connectorId ?? sim.freeEvse();
    if (!evseId || sim.transactionOn(evseId)) return { status: 'Rejected' };
    sim.later(async () => {
      await sim.startTransaction({ evseId, idTag: p.idTag });
      // K05: the TxProfile a remote start carries applies to the transaction it started.
      const tx = sim.transactionOn(evseId);
      if (p.chargingProfile && tx) {
        sim.profiles.set({
          connectorId: evseId,
          csChargingProfiles: { ...p.chargingProfile, transactionId: Number(tx) },
        });
      }
    });
    return accepted();
  },
  RemoteStopTransaction: (sim, p) => {
    const evseId = sim.evseOfTransaction(String(p.transactionId));
    if (!evseId) return { status: 'Rejected' };
    sim.later(() => sim.stopTransaction({ evseId, reason: 'Remote' }));
    return accepted();
  },
  ChangeAvailability: (sim, p) => {
    sim.later(() => sim.setAvailability(p.connectorId, p.type === 'Operative'));
    return accepted();
  },
  ChangeConfiguration: (sim, p) => {
    // California Pricing's keys are checked as a charger with the extension does (california-pricing.ts).
    const status = californiaConfigurationStatus(sim, p.key, p.value);
    if (status !== 'Accepted') return { status };
    sim.config.set(p.key, p.value);
    return accepted();
  },
  GetConfiguration: (sim, p) => {
    const keys: string[] = p.key ?? [...sim.config.keys()];
    return {
      configurationKey: keys
        .filter((k) => sim.config.has(k))
        .map((key) => ({ key, readonly: false, value: sim.config.get(key) })),
      unknownKey: keys.filter((k) => !sim.config.has(k)),
    };
  },
  TriggerMessage: (sim, p) => {
    const request = { message: p.requestedMessage, evseId: p.connectorId };
    const status = triggerStatus(sim, request);
    if (status === 'Accepted') sim.later(() => sim.trigger(request.message, request.evseId));
    return { status };
  },
  // UpdateFirmware, SignedUpdateFirmware, GetDiagnostics, GetLog: downloads and uploads for real.
  ...firmwareReplies16,
  ClearCache: accepted,
  SendLocalList: (sim, p) => ({ status: sim.localList.apply(p) }),
  // -1: no local list support (LocalAuthListEnabled false), 0: no list yet.
  GetLocalListVersion: (sim) => ({ listVersion: sim.localList.enabled ? sim.localListVersion : -1 }),
  SetChargingProfile: (sim, p) => ({ status: sim.profiles.set(p as SetChargingProfile16Request) }),
  ClearChargingProfile: (sim, p) => ({ status: sim.profiles.clear(p) }),
  GetCompositeSchedule: (sim, p) =>
    sim.profiles.compositeAnswer(
      p.connectorId,
      p.duration,
      p.chargingRateUnit ?? 'W',
      Date.now(),
      sim.transactionFor(p.connectorId),
    ),
  ReserveNow: (sim, p) => ({
    status: sim.reservations.reserve({
      reservationId: p.reservationId,
      evseId: p.connectorId,
      idTag: p.idTag,
      parentIdTag: p.parentIdTag,
      expiresAt: new Date(p.expiryDate),
    }),
  }),
  CancelReservation: (sim, p) => ({ status: sim.reservations.cancel(p.reservationId) }),
  DataTransfer: (sim, p) =>
    costMessageReply(sim, p as never) ?? pncDataTransferReply(sim, p as never) ?? { status: 'Accepted', data: 'pong' },
  ...certificateReplies16,
};

export const replies201: Record<string, Reply> = {
  Reset: (sim, p) => {
    sim.later(() => sim.reboot(p.type === 'Immediate' ? 'RemoteReset' : 'ScheduledReset'));
    return accepted();
  },
  UnlockConnector: () => ({ status: 'Unlocked' }),
  RequestStartTransaction: (sim, p) => {
    const evseId = p.evseId ?? sim.freeEvse();
    if (!evseId || sim.transactionOn(evseId)) return { status: 'Rejected' };
    sim.later(async () => {
      await sim.startTransaction({ evseId, idTag: p.idToken.idToken, remoteStartId: p.remoteStartId });
      const tx = sim.transactionOn(evseId);
      if (p.chargingProfile && tx)
        sim.profiles.set({ evseId, chargingProfile: { ...p.chargingProfile, transactionId: tx } });
    });
    return accepted();
  },
  RequestStopTransaction: (sim, p) => {
    const evseId = sim.evseOfTransaction(String(p.transactionId));
    if (!evseId) return { status: 'Rejected' };
    sim.later(() => sim.stopTransaction({ evseId, reason: 'Remote' }));
    return accepted();
  },
  ChangeAvailability: (sim, p) => {
    sim.later(() => sim.setAvailability(p.evse?.id ?? 0, p.operationalStatus === 'Operative'));
    return accepted();
  },
  SetVariables: (sim, p) => ({
    setVariableResult: (p.setVariableData as Params[]).map((d) => {
      sim.config.set(`${d.component.name}.${d.variable.name}`, d.attributeValue);
      return { attributeStatus: 'Accepted', component: d.component, variable: d.variable };
    }),
  }),
  GetVariables: (sim, p) => ({
    getVariableResult: (p.getVariableData as Params[]).map((d) => {
      const value = sim.config.get(`${d.component.name}.${d.variable.name}`);
      return value === undefined
        ? { attributeStatus: 'UnknownVariable', component: d.component, variable: d.variable }
        : { attributeStatus: 'Accepted', component: d.component, variable: d.variable, attributeValue: value };
    }),
  }),
  TriggerMessage: (sim, p) => {
    const request = { message: p.requestedMessage, evseId: p.evse?.id, connectorId: p.evse?.connectorId };
    const status = triggerStatus(sim, request);
    if (status === 'Accepted') sim.later(() => sim.trigger(request.message, request.evseId, request.connectorId));
    return { status };
  },
  ...transactionStatusReplies201,
  ...displayMessageReplies201,
  ...certificateReplies201,
  ...customerInformationReplies201,
  // UpdateFirmware, GetLog, PublishFirmware, UnpublishFirmware: downloads and uploads for real.
  ...firmwareReplies201,
  ClearCache: accepted,
  SendLocalList: (sim, p) => ({ status: sim.localList.apply(p) }),
  GetLocalListVersion: (sim) => ({ versionNumber: sim.localListVersion }),
  SetChargingProfile: (sim, p) => ({ status: sim.profiles.set(p as SetChargingProfile201Request) }),
  GetChargingProfiles: (sim, p) => {
    const c = p.chargingProfile as Params;
    const byEvse = sim.profiles.reportable({
      evseId: p.evseId,
      purpose: c.chargingProfilePurpose,
      stackLevel: c.stackLevel,
      ids: c.chargingProfileId,
    });
    if (!byEvse.length) return { status: 'NoProfiles' };
    sim.later(async () => {
      for (const [i, [evseId, chargingProfile]] of byEvse.entries()) {
        await sim.call('ReportChargingProfiles', {
          requestId: p.requestId,
          chargingLimitSource: 'CSO',
          evseId,
          chargingProfile,
          ...(i < byEvse.length - 1 ? { tbc: true } : {}),
        });
      }
    });
    return accepted();
  },
  ClearChargingProfile: (sim, p) => ({ status: sim.profiles.clear(p) }),
  GetCompositeSchedule: (sim, p) =>
    sim.profiles.compositeAnswer(
      p.evseId,
      p.duration,
      p.chargingRateUnit ?? 'W',
      Date.now(),
      sim.transactionFor(p.evseId),
    ),
  ReserveNow: (sim, p) => ({
    status: sim.reservations.reserve({
      reservationId: p.id,
      evseId: p.evseId ?? 0,
      idTag: p.idToken.idToken,
      parentIdTag: p.groupIdToken?.idToken,
      expiresAt: new Date(p.expiryDateTime),
    }),
  }),
  CancelReservation: (sim, p) => ({ status: sim.reservations.cancel(p.reservationId) }),
  DataTransfer: () => ({ status: 'Accepted', data: 'pong' }),
  // Device model and monitoring (B, N); its Reset also resets one EVSE.
  ...deviceModelReplies201,
};
