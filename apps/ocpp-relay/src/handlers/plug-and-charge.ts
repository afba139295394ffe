import {
  DEFAULT_PNC_OPTIONS,
  HASH_ALGORITHMS,
  authorizeContract,
  getCertificateStatus,
  requestEvCertificate,
} from '@magma/core/plug-and-charge';
import { recordChargerMessage } from '@magma/core/charging';
import { z } from 'zod';
import { certificateRequests201 } from './certificate-requests.ts';
import { idTokenInfo201 } from './convert.ts';
import { defineHandler, type HandlerContext } from './types.ts';

// ISO 15118 Plug & Charge: 2.0.1 Get15118EVCertificate (M01/M02), GetCertificateStatus (M06) and
// the contract part of Authorize (C07); for 1.6, the same messages inside DataTransfer as the OCA's
// application note "Using ISO 15118 Plug & Charge with OCPP 1.6" defines them (vendorId
// org.openchargealliance.iso15118pnc, messageId the 2.0.1 action, data its 2.0.1 body as a JSON
// string, the answer's data the 2.0.1 answer as a JSON string). The note's SignCertificate is the
// charger's V2G certificate: signed by the operator's CA like 2.0.1's, the certificate then sent
// back in the note's CertificateSigned (@magma/core/certificates deliverIssuedCertificate).

export const PNC_VENDOR_ID = 'org.openchargealliance.iso15118pnc';

const hex = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[0-9A-Fa-f]+$/, 'hex digits');
const ocspRequestData = z.object({
  hashAlgorithm: z.enum(HASH_ALGORITHMS),
  issuerNameHash: hex(128),
  issuerKeyHash: hex(128),
  serialNumber: hex(40),
  responderURL: z.string().min(1).max(512),
});
// The 2.0.1 schemas' own limits, for bodies the 1.6 DataTransfer carries unchecked.
const authorize201 = z.object({
  idToken: z.object({ idToken: z.string().max(36), type: z.string().max(20) }),
  certificate: z.string().max(5500).optional(),
  iso15118CertificateHashData: z.array(ocspRequestData).min(1).max(4).optional(),
});
const getCertificateStatus201 = z.object({ ocspRequestData });
const signCertificate201 = z.object({
  csr: z.string().min(1).max(5500),
  certificateType: z.literal('V2GCertificate').optional(),
});
const get15118EVCertificate201 = z.object({
  iso15118SchemaVersion: z.string().max(50),
  action: z.enum(['Install', 'Update']),
  exiRequest: z.string().max(5600),
});

const optionsOf = (ctx: HandlerContext) => ctx.plugAndCharge ?? DEFAULT_PNC_OPTIONS;
const reasonInfo = (reasonCode: string, additionalInfo: string) => ({
  reasonCode,
  additionalInfo: additionalInfo.slice(0, 512),
});

/** Authorize with a contract certificate or its hash data (2.0.1 C07, and the 1.6 DataTransfer form). */
export async function contractAuthorize(ctx: HandlerContext, p: z.infer<typeof authorize201>) {
  const result = await authorizeContract({
    db: ctx.db,
    charger: ctx.conn.charger,
    idToken: p.idToken.idToken,
    certificate: p.certificate,
    hashData: p.iso15118CertificateHashData,
    options: optionsOf(ctx),
  });
  return { idTokenInfo: idTokenInfo201(result.idTokenInfo), certificateStatus: result.certificateStatus };
}

async function certificateStatus(ctx: HandlerContext, p: z.infer<typeof getCertificateStatus201>) {
  const answer = await getCertificateStatus({
    db: ctx.db,
    charger: ctx.conn.charger,
    request: p.ocspRequestData,
    options: optionsOf(ctx),
  });
  return answer.status === 'Accepted'
    ? { status: 'Accepted', ocspResult: answer.ocspResult }
    : { status: 'Failed', statusInfo: reasonInfo('NoOCSPResponse', answer.reason) };
}

async function evCertificate(ctx: HandlerContext, p: z.infer<typeof get15118EVCertificate201>) {
  const result = await requestEvCertificate({
    db: ctx.db,
    charger: ctx.conn.charger,
    request: p,
    options: optionsOf(ctx),
  });
  return result.status === 'Accepted'
    ? { status: 'Accepted', exiResponse: result.exiResponse }
    : { status: 'Failed', exiResponse: '', statusInfo: reasonInfo('ProviderFailed', result.reason) };
}

export const plugAndCharge201 = {
  GetCertificateStatus: defineHandler<z.infer<typeof getCertificateStatus201>>(certificateStatus),
  Get15118EVCertificate: defineHandler<z.infer<typeof get15118EVCertificate201>>(evCertificate),
};

const PNC_16: Record<
  string,
  { schema: z.ZodType; run: (ctx: HandlerContext, body: never) => Promise<Record<string, unknown>> }
> = {
  Authorize: { schema: authorize201, run: contractAuthorize },
  GetCertificateStatus: { schema: getCertificateStatus201, run: certificateStatus },
  Get15118EVCertificate: { schema: get15118EVCertificate201, run: evCertificate },
  SignCertificate: {
    schema: signCertificate201,
    run: (ctx, p: z.infer<typeof signCertificate201>) =>
      certificateRequests201.SignCertificate(ctx, { csr: p.csr, certificateType: 'V2GCertificate' }),
  },
};

/**
 * A 1.6 DataTransfer of the Plug & Charge application note, or null when it is another vendor's.
 * A body that is no JSON or breaks the 2.0.1 message's schema is Rejected and kept in the log.
 */
export async function plugAndChargeDataTransfer16(
  ctx: HandlerContext,
  p: { vendorId: string; messageId?: string; data?: string },
): Promise<Record<string, unknown> | null> {
  if (p.vendorId !== PNC_VENDOR_ID) return null;
  const message = p.messageId ? PNC_16[p.messageId] : undefined;
  if (!message) {
    await recordChargerMessage({ db: ctx.db, charger: ctx.conn.charger, action: 'DataTransfer', payload: p });
    return { status: 'UnknownMessageId' };
  }
  let body: unknown;
  try {
    body = JSON.parse(p.data ?? '');
  } catch {
    body = undefined;
  }
  const parsed = message.schema.safeParse(body);
  if (!parsed.success) {
    await recordChargerMessage({
      db: ctx.db,
      charger: ctx.conn.charger,
      action: 'DataTransfer',
      payload: { ...p, problem: 'data is not the message body' },
    });
    return { status: 'Rejected' };
  }
  const answer = await message.run(ctx, parsed.data as never);
  return { status: 'Accepted', data: JSON.stringify(answer) };
}
