export * from './constants.ts';
export * from './scopes.ts';
export * from './principal.ts';
export * from './keyring.ts';
export { activeSigningKey, publishedJwks, rotateSigningKey } from './signing-keys.ts';
export * from './verify-access-token.ts';
