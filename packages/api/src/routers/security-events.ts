import { z } from 'zod';
import { listSecurityEvents, listSecurityEventsInput } from '@magma/core/security-events';
import { rest } from '../openapi/meta.ts';
import { dateTime } from '../openapi/schemas/common.ts';
import { createTRPCRouter, protectedProcedure } from '../trpc.ts';

// A charger's security events (SecurityEventNotification, 2.0.1 and the 1.6 security extension),
// issue #20: the use case in @magma/core/security-events. Members, a vendor user its own chargers':
// the alerts the critical ones open are faults, which vendors see too.

const securityEvent = z.object({
  id: z.uuid(),
  type: z.string(),
  timestamp: dateTime,
  techInfo: z.string().nullable(),
  critical: z.boolean(),
  faultId: z.uuid().nullable(),
  alertOpen: z.boolean(),
  receivedAt: dateTime,
});

export const securityEventsRouter = createTRPCRouter({
  list: protectedProcedure
    .meta(
      rest('GET', '/chargers/{chargerId}/security-events', 'chargers', {
        summary: "A charger's security events, newest first, with the alert each critical one opened",
        description:
          '`critical=yes` lists the types the charger’s OCPP version marks critical (each opens a SECURITY_EVENT ' +
          'fault until acknowledged), `critical=no` the others; `type` one type. `types` lists the version’s types.',
      }),
    )
    .input(listSecurityEventsInput)
    .output(
      z.object({
        events: z.array(securityEvent),
        total: z.number().int(),
        openAlerts: z.number().int(),
        types: z.array(z.string()),
      }),
    )
    .query(({ ctx, input }) => listSecurityEvents({ db: ctx.db, scope: ctx.scope, input })),
});
