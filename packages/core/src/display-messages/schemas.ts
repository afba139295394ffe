import { z } from 'zod';

// The operator's side of a 2.0.1 MessageInfoType (O01), sized to the official schema: content up
// to 512 characters, language up to 8, transaction id up to 36, component names up to 50.

export const MESSAGE_PRIORITIES = ['AlwaysFront', 'InFront', 'NormalCycle'] as const;
export const MESSAGE_STATES = ['Charging', 'Faulted', 'Idle', 'Unavailable'] as const;
export const MESSAGE_FORMATS = ['ASCII', 'HTML', 'URI', 'UTF8'] as const;

const int32 = z.coerce
  .number()
  .int()
  .min(0)
  .max(2 ** 31 - 1);

export const displayMessageFields = z
  .object({
    /** The message's id on the charger; one already there is replaced. Absent: the next free id. */
    id: int32.optional(),
    priority: z.enum(MESSAGE_PRIORITIES),
    state: z.enum(MESSAGE_STATES).optional(),
    format: z.enum(MESSAGE_FORMATS),
    language: z
      .string()
      .trim()
      .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,4})?$/, 'A language tag such as en or hi-IN')
      .max(8)
      .optional(),
    content: z.string().min(1).max(512),
    startsAt: z.coerce.date().optional(),
    endsAt: z.coerce.date().optional(),
    transactionId: z.string().trim().min(1).max(36).optional(),
    /** The display it is meant for, on a charger with several (a component, e.g. per EVSE). */
    display: z
      .object({
        name: z.string().trim().min(1).max(50),
        instance: z.string().trim().min(1).max(50).optional(),
        evseId: int32.optional(),
      })
      .optional(),
  })
  .refine((m) => !m.startsAt || !m.endsAt || m.endsAt > m.startsAt, {
    message: 'The end must come after the start',
    path: ['endsAt'],
  });
export type DisplayMessageFields = z.output<typeof displayMessageFields>;

export const setDisplayMessageInput = z.object({ chargerId: z.uuid(), message: displayMessageFields });

export const getDisplayMessagesInput = z.object({
  chargerId: z.uuid(),
  ids: z.array(int32).max(100).optional(),
  priority: z.enum(MESSAGE_PRIORITIES).optional(),
  state: z.enum(MESSAGE_STATES).optional(),
});

export const clearDisplayMessageInput = z.object({ chargerId: z.uuid(), id: int32 });

export const listDisplayMessagesInput = z.object({ chargerId: z.uuid() });

export const showPayPageInput = z.object({
  chargerId: z.uuid(),
  /** The connector whose pay page (/c/{code}) the charger shows as a QR. */
  evseId: z.coerce
    .number()
    .int()
    .min(1)
    .max(2 ** 31 - 1),
  priority: z.enum(MESSAGE_PRIORITIES).default('InFront'),
  /** Shown while the charger is in this state only (Idle: between sessions); absent: always. */
  state: z.enum(MESSAGE_STATES).optional(),
});
