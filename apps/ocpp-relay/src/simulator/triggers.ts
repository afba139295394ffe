import { certificateSigningRequest } from './csr.ts';
import { bootPayload, meterValue } from './payloads.ts';
import type { SimulatedCharger } from './simulated-charger.ts';

// What the simulated charger does when the CSMS asks for a message (1.6 TriggerMessage, 2.0.1
// F06): it answers first (Accepted, or Rejected when it cannot send it: an EVSE it does not have,
// a TransactionEvent with no transaction running), then sends the message.

export type TriggerRequest = { message: string; evseId?: number; connectorId?: number };

export function triggerStatus(sim: SimulatedCharger, { message, evseId }: TriggerRequest): 'Accepted' | 'Rejected' {
  if (evseId !== undefined && (evseId < 1 || evseId > sim.evses)) return 'Rejected';
  if (message === 'TransactionEvent') {
    const running = sim.runningEvses();
    if (evseId ? !running.includes(evseId) : running.length === 0) return 'Rejected';
  }
  return 'Accepted';
}

const evsesOf = (sim: SimulatedCharger, evseId?: number) =>
  evseId ? [evseId] : Array.from({ length: sim.evses }, (_, i) => i + 1);

async function sendMeterValues(sim: SimulatedCharger, evseId?: number): Promise<void> {
  for (const n of evsesOf(sim, evseId)) {
    const mv = meterValue(
      sim.protocol,
      { energyWh: sim.meterWhOf(n), powerW: sim.deliveredPowerW(n), soc: 50 },
      'Trigger',
    );
    const transactionId = sim.transactionOn(n);
    if (sim.protocol === 'ocpp1.6')
      await sim.call('MeterValues', {
        connectorId: n,
        ...(transactionId ? { transactionId: Number(transactionId) } : {}),
        meterValue: [mv],
      });
    else await sim.call('MeterValues', { evseId: n, meterValue: [mv] });
  }
}

async function signCertificate(sim: SimulatedCharger, certificateType: string): Promise<void> {
  const csr = certificateSigningRequest({ commonName: sim.identity, organization: 'Magma Sim' });
  await sim.call('SignCertificate', { csr, certificateType });
}

/** Sends the requested message (after the reply, as a station does). */
export async function sendTriggered(sim: SimulatedCharger, { message, evseId }: TriggerRequest): Promise<void> {
  const v16 = sim.protocol === 'ocpp1.6';
  switch (message) {
    case 'BootNotification':
      if (v16) await sim.boot();
      else
        await sim.call('BootNotification', {
          ...bootPayload(sim.protocol, {
            vendor: 'Magma Sim',
            model: 'SIM-201',
            serial: `SN-${sim.identity}`,
            firmware: '1.0.0',
          }),
          reason: 'Triggered',
        });
      return;
    case 'Heartbeat':
      await sim.heartbeat();
      return;
    case 'StatusNotification':
      for (const n of evsesOf(sim, evseId)) await sim.sendStatus(n, sim.statusOf(n) ?? 'Available');
      return;
    case 'MeterValues':
      await sendMeterValues(sim, evseId);
      return;
    case 'TransactionEvent':
      for (const n of sim.runningEvses().filter((n) => !evseId || n === evseId))
        await sim.sendMeterValues(n, 'Trigger');
      return;
    case 'DiagnosticsStatusNotification':
    case 'FirmwareStatusNotification':
    case 'LogStatusNotification':
    case 'PublishFirmwareStatusNotification':
      // Nothing being uploaded, installed or published: the status a station reports when idle.
      await sim.call(message, { status: 'Idle' });
      return;
    case 'SignChargingStationCertificate':
      await signCertificate(sim, 'ChargingStationCertificate');
      return;
    case 'SignV2GCertificate':
      await signCertificate(sim, 'V2GCertificate');
      return;
    case 'SignCombinedCertificate':
      await signCertificate(sim, 'ChargingStationCertificate');
      await signCertificate(sim, 'V2GCertificate');
      return;
  }
}
