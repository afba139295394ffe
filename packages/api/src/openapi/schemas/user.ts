import { z } from 'zod';
import { Role } from '@magma/db';
import { dateTime, idName } from './common.ts';

export const membersOutput = z.array(
  z.object({
    id: z.string(),
    role: z.enum(Role),
    createdAt: dateTime,
    user: z.object({
      id: z.string(),
      email: z.string(),
      name: z.string().nullable(),
      lastLoginAt: dateTime.nullable(),
    }),
    vendor: idName.nullable(),
  }),
);

export const invitationsOutput = z.array(
  z.object({ id: z.string(), email: z.string(), role: z.enum(Role), vendor: idName.nullable(), expiresAt: dateTime }),
);

export const inviteOutput = z.object({
  id: z.string(),
  email: z.string(),
  role: z.enum(Role),
  vendorId: z.string().nullable(),
  vendor: z.object({ name: z.string() }).nullable(),
  expiresAt: dateTime,
});

export { idOnly } from './common.ts';
