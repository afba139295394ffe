import { z } from 'zod';
import { Prisma } from '@magma/db';

// Output schemas describe what the use cases return, as JSON carries it: a Date leaves as an ISO 8601
// string, a Prisma Decimal as a decimal string. The tRPC side (superjson) still receives the objects;
// the overrides only say how the REST body spells them.

export const dateTime = z.date().meta({ override: { type: 'string', format: 'date-time' } });

export const decimal = z
  .custom<Prisma.Decimal>((v) => Prisma.Decimal.isDecimal(v), 'Expected a decimal')
  .meta({ override: { type: 'string', pattern: '^-?\\d+(\\.\\d+)?$', description: 'A decimal number, as a string' } });

/** A JSON value stored as is (an OCPP payload or reply, an audit snapshot). */
export const jsonValue = z.unknown().meta({ description: 'Any JSON value' });

export const idName = z.object({ id: z.string(), name: z.string() });

export const idOnly = z.object({ id: z.string() });

export const nullable = <T extends z.ZodType>(t: T) => t.nullable();

/** An amount in minor units (paise) from a 64-bit ledger column, as the use cases hand it: an exact integer. */
export const minor = z.number().int().meta({ format: 'int64' });

/** A keyset page of a list (see @magma/core's cursor-page): pass nextCursor back as `cursor`; null: the last page. */
export const pageOutput = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().meta({ description: 'The next page’s cursor; null on the last page' }),
  });
