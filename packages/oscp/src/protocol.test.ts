import { describe, expect, it } from 'vitest';
import { blockAt, blockLimit, type CapacityBlock } from './blocks.ts';
import { oscp10, oscp20, oscpHeaders, protocolFor, tokenOf } from './protocol.ts';

const aBlock20 = (over: Record<string, unknown> = {}) => ({
  capacity: 32,
  phase: 'ALL',
  unit: 'A',
  start_time: '2026-12-05T10:00:00Z',
  end_time: '2026-12-05T10:15:00Z',
  ...over,
});

describe('OSCP 2.0 inbound messages', () => {
  it('reads an UpdateGroupCapacityForecast into sorted blocks', () => {
    const r = oscp20.parseInbound('update_group_capacity_forecast', {
      group_id: 'site-1',
      type: 'CONSUMPTION',
      forecasted_blocks: [
        aBlock20({ capacity: 16, start_time: '2026-12-05T10:15:00Z', end_time: '2026-12-05T10:30:00+00:00' }),
        aBlock20(),
      ],
    });
    expect(r).toEqual({
      ok: true,
      message: {
        kind: 'forecast',
        forecast: {
          groupId: 'site-1',
          type: 'CONSUMPTION',
          blocks: [
            {
              capacity: 32,
              phase: 'ALL',
              unit: 'A',
              startMs: Date.parse('2026-12-05T10:00:00Z'),
              endMs: Date.parse('2026-12-05T10:15:00Z'),
            },
            {
              capacity: 16,
              phase: 'ALL',
              unit: 'A',
              startMs: Date.parse('2026-12-05T10:15:00Z'),
              endMs: Date.parse('2026-12-05T10:30:00Z'),
            },
          ],
        },
      },
    });
  });

  it.each([
    ['no blocks', { group_id: 'g', type: 'CONSUMPTION', forecasted_blocks: [] }],
    ['an unknown unit', { group_id: 'g', type: 'CONSUMPTION', forecasted_blocks: [aBlock20({ unit: 'LITRE' })] }],
    ['a negative capacity', { group_id: 'g', type: 'CONSUMPTION', forecasted_blocks: [aBlock20({ capacity: -1 })] }],
    [
      'a date without offset',
      { group_id: 'g', type: 'CONSUMPTION', forecasted_blocks: [aBlock20({ start_time: '2026-12-05 10:00' })] },
    ],
    ['an unknown type', { group_id: 'g', type: 'MAYBE', forecasted_blocks: [aBlock20()] }],
    [
      'a block ending before it starts',
      { group_id: 'g', type: 'CONSUMPTION', forecasted_blocks: [aBlock20({ end_time: '2026-12-05T09:00:00Z' })] },
    ],
    [
      'overlapping blocks',
      {
        group_id: 'g',
        type: 'CONSUMPTION',
        forecasted_blocks: [
          aBlock20(),
          aBlock20({ start_time: '2026-12-05T10:10:00Z', end_time: '2026-12-05T10:20:00Z' }),
        ],
      },
    ],
    ['not an object', 'hello'],
  ])('refuses a forecast with %s (400)', (_, body) => {
    const r = oscp20.parseInbound('update_group_capacity_forecast', body);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.status).toBe(400);
  });

  it('reads Register (the 2.0 base URL), Handshake, its acknowledgement and Heartbeat', () => {
    expect(
      oscp20.parseInbound('register', {
        token: 'cp-token',
        version_url: [
          { version: '1.0', base_url: 'https://cp.example/oscp/1.0' },
          { version: '2.0', base_url: 'https://cp.example/oscp/2.0' },
        ],
      }),
    ).toEqual({ ok: true, message: { kind: 'register', token: 'cp-token', baseUrl: 'https://cp.example/oscp/2.0' } });
    expect(
      oscp20.parseInbound('handshake', {
        required_behaviour: { heartbeat_interval: 30, measurement_configuration: ['CONTINUOUS'] },
      }),
    ).toEqual({ ok: true, message: { kind: 'handshake', heartbeatIntervalS: 30 } });
    expect(oscp20.parseInbound('handshake_acknowledgement', {})).toEqual({
      ok: true,
      message: { kind: 'handshake-acknowledgement', heartbeatIntervalS: null },
    });
    expect(oscp20.parseInbound('heartbeat', { offline_mode_at: '2026-12-05T10:00:00Z' })).toEqual({
      ok: true,
      message: { kind: 'heartbeat', offlineModeAtMs: Date.parse('2026-12-05T10:00:00Z') },
    });
  });

  it('answers 404 for a message a Flexibility Provider never receives', () => {
    expect(oscp20.parseInbound('adjust_group_capacity_forecast', {})).toMatchObject({ ok: false, status: 404 });
  });
});

describe('OSCP 2.0 outbound messages', () => {
  it('builds Register, Handshake, Heartbeat, UpdateGroupMeasurements and GroupCapacityComplianceError', () => {
    expect(oscp20.register({ token: 't', ourBaseUrl: 'https://demo.example/api/oscp/2.0' })).toEqual({
      endpoint: 'register',
      body: { token: 't', version_url: [{ version: '2.0', base_url: 'https://demo.example/api/oscp/2.0' }] },
    });
    expect(oscp20.handshake({ heartbeatIntervalS: 60 })?.body).toEqual({
      required_behaviour: { heartbeat_interval: 60, measurement_configuration: ['INTERMITTENT'] },
    });
    expect(oscp20.heartbeat({ offlineModeAtMs: Date.parse('2026-12-05T10:02:00Z') }).body).toEqual({
      offline_mode_at: '2026-12-05T10:02:00.000Z',
    });
    const usage = oscp20.reportUsage({
      groupId: 'g',
      fromMs: Date.parse('2026-12-05T10:00:00Z'),
      toMs: Date.parse('2026-12-05T10:15:00Z'),
      energyWh: 1234,
    });
    expect(usage.endpoint).toBe('update_group_measurements');
    expect(usage.body).toEqual({
      group_id: 'g',
      measurements: [
        {
          value: 1234,
          phase: 'ALL',
          unit: 'WH',
          direction: 'IMPORT',
          energy_type: 'TOTAL',
          measure_time: '2026-12-05T10:15:00.000Z',
          initial_measure_time: '2026-12-05T10:00:00.000Z',
        },
      ],
    });
    expect(oscp20.complianceError({ message: 'a charger did not accept its limit' })).toEqual({
      endpoint: 'group_capacity_compliance_error',
      body: { message: 'a charger did not accept its limit' },
    });
    const block = { startMs: Date.parse('2026-12-05T10:00:00Z'), endMs: Date.parse('2026-12-05T11:00:00Z') };
    expect(
      oscp20.adjustForecast({
        groupId: 'g',
        type: 'CONSUMPTION',
        blocks: [{ ...block, capacity: 44, phase: 'ALL', unit: 'KW' }],
      }),
    ).toEqual({
      endpoint: 'adjust_group_capacity_forecast',
      body: {
        group_id: 'g',
        type: 'CONSUMPTION',
        forecasted_blocks: [
          {
            capacity: 44,
            phase: 'ALL',
            unit: 'KW',
            start_time: '2026-12-05T10:00:00.000Z',
            end_time: '2026-12-05T11:00:00.000Z',
          },
        ],
      },
    });
    // A message is at most 1000 characters (the schema's cap), and a negative capacity is never sent.
    expect(oscp20.complianceError({ message: 'x'.repeat(5000) })?.body).toEqual({ message: 'x'.repeat(1000) });
    expect(() =>
      oscp20.adjustForecast({
        groupId: 'g',
        type: 'CONSUMPTION',
        blocks: [{ ...block, capacity: -1, phase: 'ALL', unit: 'W' }],
      }),
    ).toThrow();
    expect(oscp10.adjustForecast({ groupId: 'g', type: 'CONSUMPTION', blocks: [] })).toBeNull();
    expect(oscp20.getForecast({ groupId: 'g' })).toBeNull();
  });
});

describe('OSCP 1.0 message set', () => {
  it('reads UpdateCapacityForecast (kW and A) and the GetCapacityForecast answer', () => {
    const body = {
      groupId: 'cable-7',
      forecastedBlock: [
        { capacity: 22, unit: 'KW', startTime: '2026-12-05T10:00:00Z', endTime: '2026-12-05T11:00:00Z' },
      ],
    };
    const r = oscp10.parseInbound('update_capacity_forecast', body);
    expect(r).toMatchObject({
      ok: true,
      message: {
        kind: 'forecast',
        forecast: { groupId: 'cable-7', type: 'CONSUMPTION', blocks: [{ capacity: 22, unit: 'KW', phase: 'ALL' }] },
      },
    });
    expect(oscp10.parseForecastAnswer(body)).toEqual(r);
    expect(
      oscp10.parseInbound('update_capacity_forecast', {
        ...body,
        forecastedBlock: [{ ...body.forecastedBlock[0], unit: 'WH' }],
      }),
    ).toMatchObject({
      ok: false,
      status: 400,
    });
  });

  it('has no Register or Handshake, and reports usage as UpdateAggregatedUsage', () => {
    expect(oscp10.register({ token: 't', ourBaseUrl: 'x' })).toBeNull();
    expect(oscp10.handshake({ heartbeatIntervalS: 60 })).toBeNull();
    expect(oscp10.getForecast({ groupId: 'g' })).toEqual({ endpoint: 'get_capacity_forecast', body: { groupId: 'g' } });
    expect(
      oscp10.reportUsage({
        groupId: 'g',
        fromMs: Date.parse('2026-12-05T10:00:00Z'),
        toMs: Date.parse('2026-12-05T10:15:00Z'),
        energyWh: 5,
      }),
    ).toEqual({
      endpoint: 'update_aggregated_usage',
      body: {
        groupId: 'g',
        usage: [{ value: 5, unit: 'WH', startTime: '2026-12-05T10:00:00.000Z', endTime: '2026-12-05T10:15:00.000Z' }],
      },
    });
    expect(protocolFor('1.0')).toBe(oscp10);
    expect(protocolFor('2.0')).toBe(oscp20);
  });
});

describe('blocks as circuit limits', () => {
  const block = (over: Partial<CapacityBlock>): CapacityBlock => ({
    startMs: 0,
    endMs: 3_600_000,
    capacity: 10,
    phase: 'ALL',
    unit: 'A',
    ...over,
  });

  it.each([
    [block({ unit: 'A', capacity: 25 }), { maxCurrentA: 25 }],
    [block({ unit: 'W', capacity: 11_000.7 }), { maxPowerW: 11_000 }],
    [block({ unit: 'KW', capacity: 22 }), { maxPowerW: 22_000 }],
    [block({ unit: 'KWH', capacity: 5, endMs: 1_800_000 }), { maxPowerW: 10_000 }],
    [block({ unit: 'WH', capacity: 500, endMs: 900_000 }), { maxPowerW: 2000 }],
  ])('%o limits %o', (b, limit) => {
    expect(blockLimit(b)).toEqual(limit);
  });

  it('finds the block in force, start inclusive and end exclusive', () => {
    const blocks = [block({ startMs: 0, endMs: 10 }), block({ startMs: 10, endMs: 20, capacity: 5 })];
    expect(blockAt(blocks, 0)?.capacity).toBe(10);
    expect(blockAt(blocks, 10)?.capacity).toBe(5);
    expect(blockAt(blocks, 20)).toBeNull();
  });
});

describe('headers', () => {
  it('writes and reads the Token scheme', () => {
    expect(oscpHeaders({ token: 'abc', requestId: 'r1', correlationId: 'r0' })).toEqual({
      'content-type': 'application/json',
      authorization: 'Token abc',
      'x-request-id': 'r1',
      'x-correlation-id': 'r0',
    });
    expect(tokenOf('Token abc')).toBe('abc');
    expect(tokenOf('Bearer abc')).toBeNull();
    expect(tokenOf(null)).toBeNull();
  });
});
