import { describe, expect, it } from 'vitest';
import { parseEnv } from './env.ts';

const base = { DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/magma' };

describe('parseEnv', () => {
  it('fills in development defaults', () => {
    expect(parseEnv(base)).toMatchObject({
      PLATFORM_DOMAIN: 'localhost',
      BUS_KIND: 'pg',
      TRUST_PROXY: false,
      DATABASE_POOL_MAX: 10,
    });
    expect(parseEnv(base).NEXTAUTH_SECRET).toBeTruthy();
  });

  it.each([
    ['a missing database URL', {}, /DATABASE_URL/],
    ['a non-PostgreSQL database URL', { DATABASE_URL: 'mysql://x' }, /DATABASE_URL must be a postgresql/],
    [
      'production without NEXTAUTH_SECRET',
      { ...base, NODE_ENV: 'production' },
      /NEXTAUTH_SECRET is required in production/,
    ],
    ['the redis bus without REDIS_URL', { ...base, BUS_KIND: 'redis' }, /REDIS_URL is required/],
    ['a pool size out of range', { ...base, DATABASE_POOL_MAX: '0' }, /DATABASE_POOL_MAX/],
  ])('refuses %s with a message naming the setting', (_case, source, message) => {
    expect(() => parseEnv(source)).toThrow(message);
  });

  it('treats empty optional values as unset and lower-cases the platform domain', () => {
    const env = parseEnv({
      ...base,
      NODE_ENV: 'production',
      NEXTAUTH_SECRET: 's3cret-s3cret-s3cret',
      RESEND_API_KEY: '',
      PLATFORM_DOMAIN: 'Magma.Example',
    });
    expect(env.RESEND_API_KEY).toBeUndefined();
    expect(env.PLATFORM_DOMAIN).toBe('magma.example');
    expect(env.NEXTAUTH_SECRET).toBe('s3cret-s3cret-s3cret');
  });
});
