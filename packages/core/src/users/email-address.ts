import { z } from 'zod';

/** An email address as typed into a form: at most 254 characters, the longest SMTP carries (RFC 5321). */
export const emailAddress = z.email().max(254, 'An email address has at most 254 characters');
