// What the web app's non-tRPC dashboard routes need (the live SSE stream and the CSV exports):
// the web app depends on the routers package, not on core directly.
export {
  connectorFilterInput,
  createLiveEventFilter,
  exportChargersCsv,
  exportConnectorsCsv,
  type LiveEventFilter,
} from '@magma/core/fleet';
export { exportSessionsCsv, sessionFilterInput } from '@magma/core/sessions';
export { createBus, isLiveEvent, tenantEventsChannel, type Bus, type LiveEvent } from '@magma/core/bus';
