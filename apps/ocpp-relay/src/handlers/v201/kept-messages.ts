import type { Handler } from '../types.ts';
import { loggedMessage } from '../logged-message.ts';

// Reports and notifications a 2.0.1 station sends on its own or in answer to a request made
// outside this CSMS (a local controller, the station's own menu, a previous CSMS): monitoring
// reports (N) and the charging profiles it holds (K09); limits set by something else (K12, K13)
// and ISO 15118 needs and schedules (K15–K17) are in ./charging-needs-and-limits.ts, a local
// controller's firmware publishing (L03) in ../firmware-and-logs.ts. Each is validated against
// its schema, kept verbatim in ChargerMessage (the charger's message log) and only then answered.
// ReservationStatusUpdate (H04) is kept the same way but also ends the reservation: see
// reservation-status-update.ts.
// Certificate requests are in ../certificate-requests.ts.
export const keptMessages201: Record<string, Handler> = Object.fromEntries(
  ['NotifyMonitoringReport', 'ReportChargingProfiles'].map((action) => [action, loggedMessage(action)]),
);
