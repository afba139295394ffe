export {
  costUpdatesOnSessionEvents,
  sendCostUpdate,
  supportsCostUpdates,
  COST_UPDATE_INTERVAL_MS,
  type CostUpdateOutcome,
} from './send-cost-update.ts';
