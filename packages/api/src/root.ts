import { activityRouter } from './routers/activity.ts';
import { apiClientsRouter } from './routers/api-clients.ts';
import { chargerRouter } from './routers/charger.ts';
import { chargerSecurityRouter } from './routers/charger-security.ts';
import { localAuthListRouter } from './routers/local-auth-list.ts';
import { deviceModelRouter } from './routers/device-model.ts';
import { customerInformationRouter } from './routers/customer-information.ts';
import { displayMessagesRouter } from './routers/display-messages.ts';
import { certificatesRouter } from './routers/certificates.ts';
import { firmwareRouter } from './routers/firmware.ts';
import { chargerConsoleRouter } from './routers/charger-console.ts';
import { chargersRouter } from './routers/chargers.ts';
import { faultsRouter } from './routers/faults.ts';
import { fleetRouter } from './routers/fleet.ts';
import { idTokensRouter } from './routers/id-tokens.ts';
import { paymentAccountsRouter } from './routers/payment-accounts.ts';
import { pinsRouter } from './routers/pins.ts';
import { platformRouter } from './routers/platform.ts';
import { reservationsRouter } from './routers/reservations.ts';
import { sessionsRouter } from './routers/sessions.ts';
import { siteRouter } from './routers/site.ts';
import { searchRouter } from './routers/search.ts';
import { securityEventsRouter } from './routers/security-events.ts';
import { smartChargingRouter } from './routers/smart-charging.ts';
import { loadBalancingRouter } from './routers/load-balancing.ts';
import { oscpRouter } from './routers/oscp.ts';
import { tariffsRouter } from './routers/tariffs.ts';
import { tenantRouter } from './routers/tenant.ts';
import { userRouter } from './routers/user.ts';
import { vendorRouter } from './routers/vendor.ts';
import { webhooksRouter } from './routers/webhooks.ts';
import { ledgerRouter } from './routers/ledger.ts';
import { payoutsRouter } from './routers/payouts.ts';
import { payoutRailRouter } from './routers/payout-rail.ts';
import { settlementsRouter } from './routers/settlements.ts';
import { exportsRouter } from './routers/exports.ts';
import { plugAndChargeRouter } from './routers/plug-and-charge.ts';
import { statementsRouter } from './routers/statements.ts';
import { createCallerFactory, createTRPCRouter } from './trpc.ts';

// One router per domain. A new procedure also needs a case in isolation.int.test.ts, or that suite fails.
export const appRouter = createTRPCRouter({
  tenant: tenantRouter,
  vendor: vendorRouter,
  user: userRouter,
  site: siteRouter,
  charger: chargerRouter,
  chargerSecurity: chargerSecurityRouter,
  localAuthList: localAuthListRouter,
  deviceModel: deviceModelRouter,
  displayMessages: displayMessagesRouter,
  certificates: certificatesRouter,
  firmware: firmwareRouter,
  customerInformation: customerInformationRouter,
  chargerConsole: chargerConsoleRouter,
  platform: platformRouter,
  fleet: fleetRouter,
  chargers: chargersRouter,
  reservations: reservationsRouter,
  smartCharging: smartChargingRouter,
  loadBalancing: loadBalancingRouter,
  oscp: oscpRouter,
  sessions: sessionsRouter,
  faults: faultsRouter,
  securityEvents: securityEventsRouter,
  tariffs: tariffsRouter,
  idTokens: idTokensRouter,
  pins: pinsRouter,
  activity: activityRouter,
  paymentAccounts: paymentAccountsRouter,
  webhooks: webhooksRouter,
  settlements: settlementsRouter,
  ledger: ledgerRouter,
  payouts: payoutsRouter,
  payoutRail: payoutRailRouter,
  statements: statementsRouter,
  apiClients: apiClientsRouter,
  exports: exportsRouter,
  plugAndCharge: plugAndChargeRouter,
  search: searchRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
