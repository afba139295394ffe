export {
  costUpdatesOnSessionEvents,
  sendCostUpdate,
  supportsCostUpdates,
  COST_UPDATE_INTERVAL_MS,
  type CostUpdateOutcome,
} from './send-cost-update.ts';
export {
  californiaPricingOnSessionEvents,
  californiaPricingSupport,
  chargingPriceOf,
  priceTextOf,
  sendFinalCost,
  sendRunningCost,
  sendUserPrice,
  COSTMSG_VENDOR,
  type CaliforniaOutcome,
} from './california-pricing.ts';
export {
  CALIFORNIA_BOOT_KEYS,
  configureCaliforniaPricing,
  nextOffsetChange,
  utcOffsetAt,
  type CaliforniaBootOutcome,
} from './california-pricing-defaults.ts';
