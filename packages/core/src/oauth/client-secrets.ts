import { randomBytes } from 'node:crypto';
import { CLIENT_ID_PREFIX, CLIENT_SECRET_PREFIX, PERSONAL_TOKEN_PREFIX } from './constants.ts';

const random = (bytes: number) => randomBytes(bytes).toString('base64url');

export const newClientId = () => CLIENT_ID_PREFIX + random(16);
export const newClientSecret = () => CLIENT_SECRET_PREFIX + random(32);
export const newPersonalToken = () => PERSONAL_TOKEN_PREFIX + random(32);
/** What lists show of a personal token: enough to recognise it, useless to use. */
export const personalTokenPrefix = (token: string) => token.slice(0, PERSONAL_TOKEN_PREFIX.length + 8);
