import type { z } from 'zod';
import { normaliseBlocks, type CapacityBlock, type CapacityForecast, type ForecastType } from './blocks.ts';
import {
  capacityForecast10,
  ENDPOINTS_10,
  getCapacityForecast10,
  heartbeat10,
  updateAggregatedUsage10,
  type CapacityForecast10,
} from './v10.ts';
import {
  ENDPOINTS_20,
  groupCapacityComplianceError20,
  groupCapacityForecast20,
  handshake20,
  handshakeAcknowledgement20,
  heartbeat20,
  register20,
  type GroupCapacityForecast20,
} from './v20.ts';

// One interface over both versions, chosen per grid operator: what a received message means, and
// the requests we send. Pure: no clock, no network; the caller adds headers and sends.

export type OscpVersionName = '1.0' | '2.0';

/** A received message in our vocabulary. */
export type InboundMessage =
  | { kind: 'register'; token: string; baseUrl: string | null }
  | { kind: 'handshake'; heartbeatIntervalS: number | null }
  | { kind: 'handshake-acknowledgement'; heartbeatIntervalS: number | null }
  | { kind: 'heartbeat'; offlineModeAtMs: number }
  | { kind: 'forecast'; forecast: CapacityForecast };

export type Parsed = { ok: true; message: InboundMessage } | { ok: false; status: 400 | 404; error: string };

/** A request to the Capacity Provider: POST `{baseUrl}/{endpoint}` with `body` as JSON. */
export type OutboundRequest = { endpoint: string; body: unknown };

export type UsageReport = { groupId: string; fromMs: number; toMs: number; energyWh: number };

export type CapacityForecastProtocol = {
  version: OscpVersionName;
  /** Reads the body received at one of our endpoints (the last path segment). */
  parseInbound(endpoint: string, body: unknown): Parsed;
  /** Register (2.0); null in 1.0, where tokens are exchanged offline. */
  register(input: { token: string; ourBaseUrl: string }): OutboundRequest | null;
  /** Handshake (2.0): the heartbeats and measurements we ask of the Capacity Provider. */
  handshake(input: { heartbeatIntervalS: number }): OutboundRequest | null;
  handshakeAcknowledgement(): OutboundRequest | null;
  heartbeat(input: { offlineModeAtMs: number }): OutboundRequest;
  /** UpdateGroupMeasurements (2.0) / UpdateAggregatedUsage (1.0). */
  reportUsage(input: UsageReport): OutboundRequest;
  /** GetCapacityForecast (1.0, answered with the forecast); null in 2.0, which only pushes. */
  getForecast(input: { groupId: string }): OutboundRequest | null;
  /** Reads GetCapacityForecast's answer (1.0). */
  parseForecastAnswer(body: unknown): Parsed;
  /** GroupCapacityComplianceError (2.0): we could not keep within the forecast. */
  complianceError(input: { message: string; blocks?: CapacityBlock[] }): OutboundRequest | null;
  /** AdjustGroupCapacityForecast (2.0): the capacity we would like; null in 1.0, which has no such message. */
  adjustForecast(input: { groupId: string; type: ForecastType; blocks: CapacityBlock[] }): OutboundRequest | null;
};

const iso = (ms: number) => new Date(ms).toISOString();

function issues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || 'body'}: ${i.message}`)
    .join('; ');
}

function forecastOf(
  groupId: string,
  type: CapacityForecast['type'],
  raw: readonly {
    capacity: number;
    phase: CapacityBlock['phase'];
    unit: CapacityBlock['unit'];
    start: string;
    end: string;
  }[],
): Parsed {
  const n = normaliseBlocks(
    raw.map((b) => ({
      capacity: b.capacity,
      phase: b.phase,
      unit: b.unit,
      startMs: Date.parse(b.start),
      endMs: Date.parse(b.end),
    })),
  );
  if (!n.ok) return { ok: false, status: 400, error: n.error };
  return { ok: true, message: { kind: 'forecast', forecast: { groupId, type, blocks: n.blocks } } };
}

const blocks20 = (blocks: readonly CapacityBlock[]) =>
  blocks.map((b) => ({
    capacity: b.capacity,
    phase: b.phase,
    unit: b.unit,
    start_time: iso(b.startMs),
    end_time: iso(b.endMs),
  }));

function forecast20(f: GroupCapacityForecast20): Parsed {
  return forecastOf(
    f.group_id,
    f.type,
    f.forecasted_blocks.map((b) => ({ ...b, start: b.start_time, end: b.end_time })),
  );
}

export const oscp20: CapacityForecastProtocol = {
  version: '2.0',
  parseInbound(endpoint, body) {
    const bad = (e: z.ZodError): Parsed => ({ ok: false, status: 400, error: issues(e) });
    switch (endpoint) {
      case ENDPOINTS_20.register: {
        const r = register20.safeParse(body);
        if (!r.success) return bad(r.error);
        const v = r.data.version_url.find((u) => u.version === '2.0');
        return { ok: true, message: { kind: 'register', token: r.data.token, baseUrl: v?.base_url ?? null } };
      }
      case ENDPOINTS_20.handshake: {
        const r = handshake20.safeParse(body);
        if (!r.success) return bad(r.error);
        return {
          ok: true,
          message: { kind: 'handshake', heartbeatIntervalS: r.data.required_behaviour.heartbeat_interval ?? null },
        };
      }
      case ENDPOINTS_20.handshakeAcknowledgement: {
        const r = handshakeAcknowledgement20.safeParse(body ?? {});
        if (!r.success) return bad(r.error);
        return {
          ok: true,
          message: {
            kind: 'handshake-acknowledgement',
            heartbeatIntervalS: r.data.required_behaviour?.heartbeat_interval ?? null,
          },
        };
      }
      case ENDPOINTS_20.heartbeat: {
        const r = heartbeat20.safeParse(body);
        if (!r.success) return bad(r.error);
        return { ok: true, message: { kind: 'heartbeat', offlineModeAtMs: Date.parse(r.data.offline_mode_at) } };
      }
      case ENDPOINTS_20.updateGroupCapacityForecast: {
        const r = groupCapacityForecast20.safeParse(body);
        return r.success ? forecast20(r.data) : bad(r.error);
      }
      default:
        // Messages a Flexibility Provider sends but never receives (AdjustGroupCapacityForecast, …).
        return { ok: false, status: 404, error: `no OSCP 2.0 endpoint ${endpoint} at a Flexibility Provider` };
    }
  },
  register: ({ token, ourBaseUrl }) => ({
    endpoint: ENDPOINTS_20.register,
    body: { token, version_url: [{ version: '2.0', base_url: ourBaseUrl }] },
  }),
  handshake: ({ heartbeatIntervalS }) => ({
    endpoint: ENDPOINTS_20.handshake,
    body: {
      required_behaviour: { heartbeat_interval: heartbeatIntervalS, measurement_configuration: ['INTERMITTENT'] },
    },
  }),
  handshakeAcknowledgement: () => ({ endpoint: ENDPOINTS_20.handshakeAcknowledgement, body: {} }),
  heartbeat: ({ offlineModeAtMs }) => ({
    endpoint: ENDPOINTS_20.heartbeat,
    body: { offline_mode_at: iso(offlineModeAtMs) },
  }),
  reportUsage: ({ groupId, fromMs, toMs, energyWh }) => ({
    endpoint: ENDPOINTS_20.updateGroupMeasurements,
    body: {
      group_id: groupId,
      measurements: [
        {
          value: energyWh,
          phase: 'ALL',
          unit: 'WH',
          direction: 'IMPORT',
          energy_type: 'TOTAL',
          measure_time: iso(toMs),
          initial_measure_time: iso(fromMs),
        },
      ],
    },
  }),
  getForecast: () => null,
  parseForecastAnswer: () => ({ ok: false, status: 404, error: 'OSCP 2.0 has no GetGroupCapacityForecast' }),
  complianceError: ({ message, blocks }) => ({
    endpoint: ENDPOINTS_20.groupCapacityComplianceError,
    body: groupCapacityComplianceError20.parse({
      message: message.slice(0, 1000),
      ...(blocks?.length ? { forecasted_blocks: blocks20(blocks) } : {}),
    }),
  }),
  adjustForecast: ({ groupId, type, blocks }) => ({
    endpoint: ENDPOINTS_20.adjustGroupCapacityForecast,
    body: groupCapacityForecast20.parse({ group_id: groupId, type, forecasted_blocks: blocks20(blocks) }),
  }),
};

function forecast10(f: CapacityForecast10): Parsed {
  return forecastOf(
    f.groupId,
    f.type,
    f.forecastedBlock.map((b) => ({ ...b, start: b.startTime, end: b.endTime })),
  );
}

export const oscp10: CapacityForecastProtocol = {
  version: '1.0',
  parseInbound(endpoint, body) {
    switch (endpoint) {
      case ENDPOINTS_10.updateCapacityForecast: {
        const r = capacityForecast10.safeParse(body);
        return r.success ? forecast10(r.data) : { ok: false, status: 400, error: issues(r.error) };
      }
      case ENDPOINTS_10.heartbeat: {
        const r = heartbeat10.safeParse(body);
        if (!r.success) return { ok: false, status: 400, error: issues(r.error) };
        return { ok: true, message: { kind: 'heartbeat', offlineModeAtMs: Date.parse(r.data.offlineModeAt) } };
      }
      default:
        return { ok: false, status: 404, error: `no OSCP 1.0 endpoint ${endpoint} at a charge spot operator` };
    }
  },
  register: () => null,
  handshake: () => null,
  handshakeAcknowledgement: () => null,
  heartbeat: ({ offlineModeAtMs }) => ({
    endpoint: ENDPOINTS_10.heartbeat,
    body: { offlineModeAt: iso(offlineModeAtMs) },
  }),
  reportUsage: ({ groupId, fromMs, toMs, energyWh }) => ({
    endpoint: ENDPOINTS_10.updateAggregatedUsage,
    body: updateAggregatedUsage10.parse({
      groupId,
      usage: [{ value: energyWh, unit: 'WH', startTime: iso(fromMs), endTime: iso(toMs) }],
    }),
  }),
  getForecast: ({ groupId }) => ({
    endpoint: ENDPOINTS_10.getCapacityForecast,
    body: getCapacityForecast10.parse({ groupId }),
  }),
  parseForecastAnswer(body) {
    const r = capacityForecast10.safeParse(body);
    return r.success ? forecast10(r.data) : { ok: false, status: 400, error: issues(r.error) };
  },
  complianceError: () => null,
  adjustForecast: () => null,
};

export function protocolFor(version: OscpVersionName): CapacityForecastProtocol {
  return version === '2.0' ? oscp20 : oscp10;
}

/** OSCP's headers on every request: the token, a fresh X-Request-ID, and the request it answers. */
export function oscpHeaders({
  token,
  requestId,
  correlationId,
}: {
  token: string;
  requestId: string;
  correlationId?: string;
}): Record<string, string> {
  return {
    'content-type': 'application/json',
    authorization: `Token ${token}`,
    'x-request-id': requestId,
    ...(correlationId ? { 'x-correlation-id': correlationId } : {}),
  };
}

/** The token of an `Authorization: Token <token>` header, or null. */
export function tokenOf(authorization: string | null | undefined): string | null {
  const m = /^Token\s+(\S{1,512})$/i.exec(authorization?.trim() ?? '');
  return m?.[1] ?? null;
}
