import { z } from 'zod';

// The operator's side of a 2.0.1 CustomerInformationRequest (N09, N10), sized to the official
// schema: idToken up to 36 characters, customerIdentifier up to 64, CertificateHashDataType's
// hashes up to 128 and serial number up to 40.

export const ID_TOKEN_TYPES_201 = [
  'Central',
  'eMAID',
  'ISO14443',
  'ISO15693',
  'KeyCode',
  'Local',
  'MacAddress',
  'NoAuthorization',
] as const;
export const HASH_ALGORITHMS = ['SHA256', 'SHA384', 'SHA512'] as const;

export const customerCertificate = z.object({
  hashAlgorithm: z.enum(HASH_ALGORITHMS),
  issuerNameHash: z.string().trim().min(1).max(128),
  issuerKeyHash: z.string().trim().min(1).max(128),
  serialNumber: z.string().trim().min(1).max(40),
});

/** Exactly one way to name the customer, so a clear never erases more than the operator meant. */
export const customer = z
  .object({
    idToken: z.object({ idToken: z.string().trim().min(1).max(36), type: z.enum(ID_TOKEN_TYPES_201) }).optional(),
    customerIdentifier: z.string().trim().min(1).max(64).optional(),
    customerCertificate: customerCertificate.optional(),
  })
  .refine(
    (c) => [c.idToken, c.customerIdentifier, c.customerCertificate].filter((x) => x !== undefined).length === 1,
    'Name the customer by exactly one of: id token, customer identifier, customer certificate',
  );

export const requestCustomerInformationInput = z
  .object({
    chargerId: z.uuid(),
    customer,
    report: z.boolean(),
    clear: z.boolean(),
  })
  .refine((i) => i.report || i.clear, 'Ask for the data (report), erase it (clear), or both');

export const listCustomerInformationInput = z.object({ chargerId: z.uuid() });

export const eraseCustomerDataInput = z.object({ idTokenId: z.uuid() });
export const listErasuresInput = z.object({ idTokenId: z.uuid() });

/** NotifyCustomerInformation as the official schema has it: data up to 512 characters per part. */
export const notifyCustomerInformation = z.looseObject({
  data: z.string().max(512),
  tbc: z.boolean().optional(),
  seqNo: z.number().int().min(0),
  generatedAt: z.string(),
  requestId: z.number().int(),
});
