import { randomUUID } from 'node:crypto';
import { oscpHeaders, type OutboundRequest } from '@magma/oscp';
import { sendWebhook } from '../webhooks/send-webhook.ts';
import { keyringOf, openOscpToken, type OscpSettings } from './tokens.ts';

// One message to a Capacity Provider: POST {baseUrl}/{endpoint} with its token, a fresh
// X-Request-ID and, for an answer, the X-Correlation-ID of the request it answers. Only 204 is
// success (the specification's answer); anything else is reported as the connection's last error.
// The address is checked at every send like a webhook's (no private addresses unless allowed).

export const OSCP_TIMEOUT_MS = 10_000;

export type OscpPeer = { tenantId: string; baseUrl: string; outboundTokenSealed: unknown };

export type OscpSendResult = { requestId: string; ok: boolean; statusCode: number | null; error: string | null };

export function endpointUrl(baseUrl: string, endpoint: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${endpoint}`;
}

export async function sendOscp({
  peer,
  settings,
  request,
  correlationId,
  timeoutMs = OSCP_TIMEOUT_MS,
}: {
  peer: OscpPeer;
  settings: OscpSettings;
  request: OutboundRequest;
  correlationId?: string;
  timeoutMs?: number;
}): Promise<OscpSendResult> {
  const requestId = randomUUID();
  const token = openOscpToken(keyringOf(settings), peer.tenantId, peer.outboundTokenSealed);
  const r = await sendWebhook({
    url: endpointUrl(peer.baseUrl, request.endpoint),
    headers: oscpHeaders({ token, requestId, ...(correlationId ? { correlationId } : {}) }),
    body: JSON.stringify(request.body),
    timeoutMs,
    allowPrivateAddresses: settings.allowPrivateAddresses,
  });
  const ok = r.statusCode === 204;
  const error = ok
    ? null
    : (r.error ?? `${request.endpoint} answered ${r.statusCode}${r.body ? `: ${r.body.slice(0, 200)}` : ''}`);
  return { requestId, ok, statusCode: r.statusCode, error };
}
