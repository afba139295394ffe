import { AppError, type AppErrorCode } from '../errors/app-error.ts';

/** RFC 6749 §5.2 error codes (and 429 for the token endpoint's rate limit). */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'unsupported_token_type'
  | 'rate_limited';

const APP_CODE: Record<OAuthErrorCode, AppErrorCode> = {
  invalid_request: 'BAD_INPUT',
  invalid_client: 'UNAUTHENTICATED',
  invalid_grant: 'BAD_INPUT',
  unauthorized_client: 'BAD_INPUT',
  unsupported_grant_type: 'BAD_INPUT',
  invalid_scope: 'BAD_INPUT',
  unsupported_token_type: 'BAD_INPUT',
  rate_limited: 'RATE_LIMITED',
};

export type OAuthErrorDetails = { oauth: OAuthErrorCode; retryAt?: Date };

/** The one AppError, carrying the RFC 6749 code the HTTP edge answers with. */
export function oauthError(code: OAuthErrorCode, description: string, extra: { retryAt?: Date } = {}): AppError {
  return new AppError(APP_CODE[code], description, { details: { oauth: code, ...extra } satisfies OAuthErrorDetails });
}

export function oauthErrorDetails(e: unknown): OAuthErrorDetails | null {
  if (!(e instanceof AppError) || !e.details || typeof e.details !== 'object') return null;
  const d = e.details as Partial<OAuthErrorDetails>;
  return typeof d.oauth === 'string' ? (d as OAuthErrorDetails) : null;
}
