import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_FRAME_BYTES } from './connection/inbound-guard.ts';
import { readEnv } from './env.ts';

const base = { DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/magma' };

describe('OCPP_MAX_FRAME_BYTES', () => {
  it('defaults to 256 KiB', () => {
    expect(readEnv(base).OCPP_MAX_FRAME_BYTES).toBe(DEFAULT_MAX_FRAME_BYTES);
    expect(DEFAULT_MAX_FRAME_BYTES).toBe(262_144);
  });

  it('takes a byte count', () => {
    expect(readEnv({ ...base, OCPP_MAX_FRAME_BYTES: '65536' }).OCPP_MAX_FRAME_BYTES).toBe(65_536);
  });

  it.each(['0', '1024', '-5', '1.5', 'lots', String(64 * 1024 * 1024)])('refuses %s', (value) => {
    expect(() => readEnv({ ...base, OCPP_MAX_FRAME_BYTES: value })).toThrow(/OCPP_MAX_FRAME_BYTES/);
  });
});
