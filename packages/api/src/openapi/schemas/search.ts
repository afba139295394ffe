import { z } from 'zod';
import { IdTokenStatus, IdTokenType, TransactionStatus } from '@magma/db';
import { dateTime } from './common.ts';

const group = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    more: z.boolean().meta({ description: 'More rows matched than the limit: narrow the query' }),
  });

export const globalSearchOutput = z.object({
  q: z.string(),
  chargers: group(
    z.object({
      id: z.string(),
      identity: z.string(),
      online: z.boolean(),
      model: z.string().nullable(),
      site: z.string().nullable(),
    }),
  ),
  sites: group(
    z.object({ id: z.string(), name: z.string(), city: z.string(), archived: z.boolean(), chargers: z.number() }),
  ),
  cards: group(
    z.object({
      id: z.string(),
      token: z.string(),
      type: z.enum(IdTokenType),
      status: z.enum(IdTokenStatus),
      label: z.string().nullable(),
    }),
  ),
  sessions: group(
    z.object({
      id: z.string(),
      status: z.enum(TransactionStatus),
      startedAt: dateTime,
      energyWh: z.number().int(),
      charger: z.string(),
    }),
  ),
  drivers: group(
    z.object({
      email: z.string().nullable(),
      payer: z
        .string()
        .nullable()
        .meta({ description: 'The UPI payer as the gateway reported it, masked (ra••••@okaxis · +91 ••••••3210)' }),
      sessionId: z.string(),
      status: z.enum(TransactionStatus),
      startedAt: dateTime,
      charger: z.string(),
    }),
  ),
});
