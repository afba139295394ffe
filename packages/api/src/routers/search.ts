import { payerLookupKeyOf } from '@magma/core/payments';
import { globalSearch, globalSearchInput } from '../core.ts';
import { createTRPCRouter, protectedProcedure } from '../trpc.ts';
import { rest } from '../openapi/meta.ts';
import { globalSearchOutput } from '../openapi/schemas/search.ts';

export const searchRouter = createTRPCRouter({
  global: protectedProcedure
    .meta(
      rest('GET', '/search', 'sessions', {
        summary: 'Search chargers, sites, cards, sessions and drivers (by email) in one call',
        description:
          'q: 2–80 characters, matched as text anywhere in a charger identity, site name/address/city, card token or ' +
          'label, or a driver’s payment email; a session by its id or the charger’s transaction id. Each group holds ' +
          'at most `limit` rows (1–10, default 5) and says whether more matched. Vendor users find only their own ' +
          'chargers, sites, cards and sessions. Needs sessions:read (what it finds is what the sessions list shows).',
      }),
    )
    .output(globalSearchOutput)
    .input(globalSearchInput)
    .query(({ ctx, input }) =>
      globalSearch({
        db: ctx.db,
        scope: ctx.scope,
        input,
        payerLookupKey: payerLookupKeyOf(ctx.services.pinLookupKey),
      }),
    ),
});
