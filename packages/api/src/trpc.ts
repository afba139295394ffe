import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import type { OpenApiMeta } from 'trpc-to-openapi';
import { ZodError } from 'zod';
import { AppError, canAdminister, canOperate, type ResolvedTenant, type Scope } from './core.ts';
import type { Context, SessionUser } from './context.ts';
import type { RestMeta } from './openapi/meta.ts';

// Procedures carry REST metadata (`.meta({ openapi })`): see src/openapi and the README.
const t = initTRPC
  .context<Context>()
  .meta<OpenApiMeta<RestMeta>>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error, path }) {
      // A 5xx that is not an AppError is a bug or an outage (a driver's, PostgreSQL's or a library's
      // message, with table names and addresses; an answer failing its output schema): it goes to the
      // server log, and the client is told only what AppError.from tells every other edge.
      const internal = shape.data.httpStatus >= 500 && !(error.cause instanceof AppError);
      const zod = error.cause instanceof ZodError && !internal ? error.cause : null;
      if (internal) console.error(`[trpc] ${path ?? '?'}:`, error.cause ?? error);
      return {
        ...shape,
        message: zod
          ? (zod.issues[0]?.message ?? 'Invalid input')
          : internal
            ? AppError.from(error.cause ?? error).message
            : shape.message,
        data: { ...shape.data, stack: undefined, fieldErrors: zod ? zod.flatten().fieldErrors : undefined },
      };
    },
  });

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Every error leaves as a TRPCError with the code from AppError's table and no internals. */
const errors = t.middleware(async ({ next }) => {
  const result = await next();
  if (result.ok) return result;
  const cause = result.error.cause;
  if (cause instanceof AppError) {
    throw new TRPCError({ code: cause.trpcCode, message: cause.message, cause });
  }
  // A ZodError is the caller's bad input, unless tRPC's output check raised it (INTERNAL_SERVER_ERROR):
  // an answer that does not match its own schema is our bug, a 500, never the caller's 400.
  if (cause instanceof ZodError && result.error.code !== 'INTERNAL_SERVER_ERROR') {
    throw new TRPCError({ code: 'BAD_REQUEST', message: cause.issues[0]?.message ?? 'Invalid input', cause });
  }
  return result;
});

export const publicProcedure = t.procedure.use(errors);

/** A signed-in user with access to the tenant the host serves (any role, including vendor users). */
export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in first' });
  if (!ctx.tenant || !ctx.scope) throw new TRPCError({ code: 'FORBIDDEN', message: 'No access to this operator' });
  return next({
    ctx: { ...ctx, user: ctx.user as SessionUser, tenant: ctx.tenant as ResolvedTenant, scope: ctx.scope as Scope },
  });
});

/** Operator admin or staff: runs the whole fleet of the tenant. */
export const operatorProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (!canOperate(ctx.scope)) throw new TRPCError({ code: 'FORBIDDEN', message: 'Vendor accounts cannot do this' });
  return next();
});

/** Operator admin: settings, users, vendors, domains. */
export const adminProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (!canAdminister(ctx.scope))
    throw new TRPCError({ code: 'FORBIDDEN', message: 'Only an operator admin can do this' });
  return next();
});

/** Platform admin, on the platform host only: tenants and their domains. */
export const platformProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in first' });
  if (!ctx.user.platformAdmin || ctx.tenant)
    throw new TRPCError({ code: 'FORBIDDEN', message: 'Platform admins only' });
  return next({ ctx: { ...ctx, user: ctx.user as SessionUser } });
});
