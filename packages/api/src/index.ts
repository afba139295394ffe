export { appRouter, createCaller, type AppRouter } from './root.ts';
export {
  createContext,
  type ApiServices,
  type Context,
  type CreateContextOptions,
  type InvitationEmail,
  type SessionUser,
} from './context.ts';
export {
  adminProcedure,
  createTRPCRouter,
  operatorProcedure,
  platformProcedure,
  protectedProcedure,
  publicProcedure,
} from './trpc.ts';
// Core use cases and helpers the web app needs outside tRPC (sign-in, theming, host resolution).
export {
  AppError,
  authenticateUser,
  connectResolverToBus,
  createTenantResolver,
  features,
  parseThemeOverrides,
  PLAN_LABELS,
  THEME_COLOR_KEYS,
  type Features,
  type ResolvedTenant,
  type Scope,
  type ScopeRole,
  type TenantResolver,
  type ThemeOverrides,
} from './core.ts';
// The dashboard's SSE and CSV routes (fleet, sessions, live events).
export * from './routers/fleet-server.ts';
// The Cards and Payouts CSV routes.
export { exportIdTokensCsv } from '@magma/core/id-tokens';
export { exportPayoutsCsv } from '@magma/core/payouts';
