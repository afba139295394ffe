import { describe, expect, it } from 'vitest';
import { AppError, APP_ERROR_CODES, type AppErrorCode } from './app-error.ts';

describe('AppError', () => {
  it.each(Object.keys(APP_ERROR_CODES) as AppErrorCode[])('maps %s to an HTTP status, tRPC and OCPP code', (code) => {
    const e = new AppError(code, 'x');
    expect(e.httpStatus).toBeGreaterThanOrEqual(400);
    expect(e.trpcCode).toMatch(/^[A-Z_]+$/);
    expect(e.ocppCode).toMatch(/^[A-Za-z]+$/);
  });

  it('hides the message of an unknown error behind INTERNAL', () => {
    const e = AppError.from(new Error('password=hunter2'));
    expect(e.code).toBe('INTERNAL');
    expect(e.message).not.toContain('hunter2');
  });
});
