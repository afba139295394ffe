import type { Handler } from '../types.ts';
import { loggedMessage } from '../logged-message.ts';

// Reports and notifications a 2.0.1 station sends on its own or in answer to a request made
// outside this CSMS (a local controller, the station's own menu, a previous CSMS): limits set by
// something else (K12, K13), monitoring reports (N),
// the charging profiles it holds (K09), ISO 15118 needs and schedules (K15–K17) and a local
// controller's firmware publishing (L03). Each is validated against its schema, kept verbatim in
// ChargerMessage (the charger's message log) and only then answered. ReservationStatusUpdate (H04)
// is kept the same way but also ends the reservation: see reservation-status-update.ts.
//
// NotifyEVChargingNeeds and NotifyEVChargingSchedule answer Accepted: per the schema the status
// says the CSMS processed the message, not that the needs can be met. Certificate requests are in
// ../certificate-requests.ts.
export const keptMessages201: Record<string, Handler> = Object.fromEntries(
  (
    [
      ['ClearedChargingLimit'],
      ['NotifyChargingLimit'],
      ['NotifyEVChargingNeeds', { status: 'Accepted' }],
      ['NotifyEVChargingSchedule', { status: 'Accepted' }],
      ['NotifyMonitoringReport'],
      ['PublishFirmwareStatusNotification'],
      ['ReportChargingProfiles'],
    ] as const
  ).map(([action, reply]) => [action, loggedMessage(action, { reply })]),
);
