import { z } from 'zod';

// The operator's inputs for firmware (L), sized to the OCPP schemas: a location up to 512
// characters, a signing certificate up to 5,500, a signature up to 800.

/** The largest firmware image we store: real images are tens of MB; a few hundred is a mistake. */
export const MAX_FIRMWARE_BYTES = 256 * 1024 * 1024;

const uuid = z.uuid();
const base64 = /^[A-Za-z0-9+/]+={0,2}$/;

export const createFirmwareImageInput = z.object({
  version: z.string().trim().min(1, 'A version is required').max(50),
  fileName: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9._-]+$/, 'A file name is letters, digits, dots, dashes and underscores'),
  signingCertificate: z
    .string()
    .trim()
    .max(5500, 'A signing certificate is at most 5,500 characters (OCPP)')
    .regex(/^-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----$/, 'A PEM certificate')
    .optional(),
  signature: z
    .string()
    .trim()
    .max(800, 'A signature is at most 800 characters (OCPP)')
    .regex(base64, 'A signature is base64')
    .optional(),
});

export const firmwareImageIdInput = z.object({ imageId: uuid });
export const listFirmwareImagesInput = z.object({});

const when = z.coerce.date();
const retries = z.coerce.number().int().min(0).max(100).optional();
const retryInterval = z.coerce.number().int().min(0).max(86_400).optional();

export const updateFirmwareInput = z
  .object({
    chargerId: uuid,
    /** One of our images (a signed link is made for it) or an outside URL. */
    imageId: uuid.optional(),
    location: z.url().max(512).optional(),
    retrieveAt: when.optional(),
    installAt: when.optional(),
    retries,
    retryInterval,
    /** 1.6: send SignedUpdateFirmware (security extension) instead of UpdateFirmware. */
    signedUpdate16: z.boolean().optional(),
    /** An outside URL's signature and certificate (an image carries its own). */
    signingCertificate: createFirmwareImageInput.shape.signingCertificate,
    signature: createFirmwareImageInput.shape.signature,
  })
  .refine((v) => Boolean(v.imageId) !== Boolean(v.location), {
    message: 'Choose an uploaded image or give a URL',
    path: ['imageId'],
  });

export const publishFirmwareInput = z.object({
  chargerId: uuid,
  imageId: uuid,
  retries,
  retryInterval,
});

export const unpublishFirmwareInput = z.object({ chargerId: uuid, requestId: z.number().int().min(0) });

export const firmwareHistoryInput = z.object({ chargerId: uuid });
