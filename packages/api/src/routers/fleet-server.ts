// What the web app's non-tRPC dashboard routes need (the live SSE stream and the CSV exports),
// re-exported here until @magma/core's index exports the fleet, sessions and bus folders.
export {
  connectorFilterInput,
  createLiveEventFilter,
  exportConnectorsCsv,
  type LiveEventFilter,
} from '../../../core/src/fleet/index.ts';
export { exportSessionsCsv, sessionFilterInput } from '../../../core/src/sessions/index.ts';
export { createBus, isLiveEvent, tenantEventsChannel, type Bus, type LiveEvent } from '../../../core/src/bus/index.ts';
