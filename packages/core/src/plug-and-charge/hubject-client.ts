import type { ContractCertificateProvider } from '@magma/pki';
import { z } from 'zod';
import { httpPost } from './http-post.ts';

// Hubject Plug&Charge, Contract Certificate Pool (CCP), CPO side: getSignedContractData,
// POST {baseUrl}/v1/ccp/signedContractData with the EV's EXI CertificateInstallationReq and the
// schema namespace; the pool answers the signed contract data of every contract it holds for the
// vehicle, each an EXI CertificateInstallationRes. Access tokens come from the token URL by OAuth 2
// client credentials (RFC 6749 4.4) and are reused until shortly before they expire. The call is a
// read: a charger that retries after a Failed (a lost or late answer) asks again safely.

const tokenAnswer = z.object({
  access_token: z.string().min(1).max(8192),
  expires_in: z.coerce.number().positive().optional(),
});

const contractDataAnswer = z.object({
  CCPResponse: z.object({
    emaidContent: z
      .array(
        z.object({
          messageDef: z.object({
            certificateInstallationRes: z.string().min(1).max(5600),
            emaid: z.string().optional(),
          }),
        }),
      )
      .max(50)
      .optional(),
  }),
});

export type HubjectConfig = {
  baseUrl: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  timeoutMs: number;
  allowPrivateAddresses: boolean;
};

type CachedToken = { token: string; expiresAt: number };
const tokens = new Map<string, CachedToken>();

export function createHubjectProvider(config: HubjectConfig): ContractCertificateProvider {
  const tokenKey = `${config.tokenUrl}\n${config.clientId}`;

  async function accessToken(): Promise<string> {
    const cached = tokens.get(tokenKey);
    if (cached && cached.expiresAt > Date.now()) return cached.token;
    const res = await httpPost({
      url: config.tokenUrl,
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: config.clientId,
        client_secret: config.clientSecret,
      }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      timeoutMs: config.timeoutMs,
      allowPrivateAddresses: config.allowPrivateAddresses,
    });
    if (res.status !== 200) throw new Error(`the token endpoint answered HTTP ${res.status}`);
    const t = tokenAnswer.parse(JSON.parse(res.body.toString('utf8')));
    // Reused until a minute before it expires (an hour when the server does not say).
    tokens.set(tokenKey, {
      token: t.access_token,
      expiresAt: Date.now() + Math.max(0, (t.expires_in ?? 3600) - 60) * 1000,
    });
    return t.access_token;
  }

  return {
    name: 'hubject',
    getEvCertificate: async (request) => {
      try {
        const token = await accessToken();
        const res = await httpPost({
          url: `${config.baseUrl.replace(/\/+$/, '')}/v1/ccp/signedContractData`,
          body: JSON.stringify({
            certificateInstallationReq: request.exiRequest,
            xsdMsgDefNamespace: request.iso15118SchemaVersion,
          }),
          headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token}` },
          timeoutMs: config.timeoutMs,
          allowPrivateAddresses: config.allowPrivateAddresses,
        });
        if (res.status === 401) tokens.delete(tokenKey);
        if (res.status !== 200) return { status: 'Failed', reason: `Hubject answered HTTP ${res.status}` };
        const answer = contractDataAnswer.safeParse(JSON.parse(res.body.toString('utf8')));
        if (!answer.success)
          return { status: 'Failed', reason: 'Hubject answered something other than signed contract data' };
        const first = answer.data.CCPResponse.emaidContent?.[0];
        if (!first) return { status: 'Failed', reason: 'Hubject holds no contract for this vehicle' };
        return { status: 'Accepted', exiResponse: first.messageDef.certificateInstallationRes };
      } catch (e) {
        return { status: 'Failed', reason: `Hubject could not be reached: ${(e as Error).message}` };
      }
    },
  };
}
