import { z } from 'zod';
import { rotateChargerPassword, rotateChargerPasswordInput } from '@magma/core/chargers';
import { AppError } from '../core.ts';
import { rest } from '../openapi/meta.ts';
import { adminProcedure, createTRPCRouter } from '../trpc.ts';

// A charger's credentials as operator actions. Password rotation generates, sends and stores the
// charger's Basic-auth password in one step (rotate-charger-password.ts); the generic configuration
// action refuses the password keys, which would lock the charger out.

const rotationOutput = z.object({
  rotationId: z.uuid(),
  status: z.enum(['SENT', 'ACCEPTED', 'REFUSED']),
  command: z.object({
    id: z.uuid(),
    action: z.string(),
    status: z.string(),
    response: z.unknown(),
    error: z.string().nullable(),
  }),
});

export const chargerSecurityRouter = createTRPCRouter({
  rotatePassword: adminProcedure
    .meta(
      rest('POST', '/chargers/{chargerId}/password-rotations', 'chargers', {
        summary: "Rotate the charger's Basic-auth password (generated, sent, stored once the charger accepts)",
        idempotent: true,
      }),
    )
    .input(rotateChargerPasswordInput)
    .output(rotationOutput)
    .mutation(({ ctx, input }) => {
      const bus = ctx.services.bus;
      if (!bus) throw new AppError('UPSTREAM', 'Password rotation is unavailable: this server has no message bus');
      return rotateChargerPassword({
        db: ctx.db,
        bus,
        scope: ctx.scope,
        input,
        timeoutMs: ctx.services.commandTimeoutMs,
      });
    }),
});
