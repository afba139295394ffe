// The CSMS's messages of the OCA application note "Using ISO 15118 Plug & Charge with OCPP 1.6": a
// 1.6 charger gets them as DataTransfer of vendor org.openchargealliance.iso15118pnc, messageId the
// 2.0.1 action (CertificateSigned, InstallCertificate, DeleteCertificate,
// GetInstalledCertificateIds, TriggerMessage), data its 2.0.1 body as JSON text; the charger's
// answer carries the 2.0.1 answer as JSON text in data. The operator's actions are the 2.0.1 ones
// (@magma/core/certificates): these helpers only wrap and unwrap.

export const PNC_VENDOR_ID = 'org.openchargealliance.iso15118pnc';

/** Root certificate types that exist on a 1.6 charger only through the note (ISO 15118 roots). */
export const PNC_INSTALL_TYPES_16 = ['V2GRootCertificate', 'MORootCertificate'] as const;

export const isPncInstallType16 = (type: string) => (PNC_INSTALL_TYPES_16 as readonly string[]).includes(type);

/** The DataTransfer command that carries a 2.0.1 action of the note to a 1.6 charger. */
export function pncCommand16(action: string, body: Record<string, unknown>) {
  return {
    action: 'DataTransfer',
    payload: { vendorId: PNC_VENDOR_ID, messageId: action, data: JSON.stringify(body) },
  } as const;
}

type CommandRow = { status: string; response: unknown };

/** The 2.0.1 answer inside an Accepted DataTransfer answer, or null when there is none. */
export function pncAnswer16(row: CommandRow): Record<string, unknown> | null {
  const r = row.response as { status?: unknown; data?: unknown } | null;
  if (row.status !== 'RESPONDED' || r?.status !== 'Accepted' || typeof r.data !== 'string') return null;
  try {
    const inner = JSON.parse(r.data) as unknown;
    return inner && typeof inner === 'object' && !Array.isArray(inner) ? (inner as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * The outcome the operator sees: the 2.0.1 answer's status, else the DataTransfer's own status
 * (UnknownVendorId: the charger has no Plug & Charge; Rejected, UnknownMessageId), else how the
 * command ended (TIMEOUT, ERROR, OFFLINE).
 */
export function pncAnswerStatus16(row: CommandRow): string {
  const inner = pncAnswer16(row);
  if (inner && typeof inner.status === 'string') return inner.status;
  const status = (row.response as { status?: unknown } | null)?.status;
  if (row.status === 'RESPONDED') return typeof status === 'string' && status !== 'Accepted' ? status : 'Rejected';
  return row.status;
}
