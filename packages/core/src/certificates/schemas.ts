import { z } from 'zod';
import { MAX_CSR_CHARS } from '@magma/pki';

// What an operator may ask about a charger's certificates (2.0.1 M03–M05, A02/A03 by trigger; 1.6
// security extension). Certificate types as each version names them.

export const INSTALL_TYPES_201 = [
  'CSMSRootCertificate',
  'ManufacturerRootCertificate',
  'V2GRootCertificate',
  'MORootCertificate',
] as const;
export const INSTALL_TYPES_16 = ['CentralSystemRootCertificate', 'ManufacturerRootCertificate'] as const;
export const INSTALL_TYPES = [...new Set([...INSTALL_TYPES_201, ...INSTALL_TYPES_16])] as [string, ...string[]];
export const SIGNED_TYPES = ['ChargingStationCertificate', 'V2GCertificate'] as const;

const chargerId = z.uuid();

export const chargerCertificatesInput = z.object({ chargerId });

export const installCertificateInput = z
  .object({
    chargerId,
    certificateType: z.enum(INSTALL_TYPES),
    /** A root certificate in PEM (at most 5500 characters, as both versions allow). */
    certificate: z.string().trim().max(5500, 'A certificate is at most 5500 characters').optional(),
    /** Install this operator's own CA root (what issued the charger's certificate) instead. */
    operatorRoot: z.boolean().default(false),
  })
  .refine((v) => v.operatorRoot !== Boolean(v.certificate), {
    message: 'Give a certificate in PEM or choose the operator root, not both',
    path: ['certificate'],
  });

export const requestInstalledCertificatesInput = z.object({ chargerId });

export const deleteInstalledCertificateInput = z.object({ chargerId, installedId: z.uuid() });

export const triggerCertificateRenewalInput = z.object({
  chargerId,
  certificateType: z.enum(SIGNED_TYPES).default('ChargingStationCertificate'),
});

export const csrSchema = z.string().min(1).max(MAX_CSR_CHARS);
