// The numbers in a charger's payload that the CSMS keeps rows by or stores as 32-bit integers:
// connectors, EVSEs, 1.6 transactions, sequence and remote-start numbers. The OCPP schemas
// only say "integer" (1.6 not even "at least 0"); the database keeps them as 32-bit integers. A
// value outside 0..2^31-1 names nothing a charger can have, so the message is refused with
// PropertyConstraintViolation ("a field contains an invalid value", both versions) before anything
// is stored, instead of failing deep inside as an internal error.

export const MAX_ID = 2_147_483_647;

// Request and reservation ids are only echoed back or kept in the message log: any integer will do.
const TOP_LEVEL = ['connectorId', 'evseId', 'transactionId', 'seqNo'] as const;
const NESTED: Record<string, readonly string[]> = {
  evse: ['id', 'connectorId'],
  transactionInfo: ['remoteStartId'],
};

function check(value: unknown, field: string): string | null {
  if (typeof value !== 'number') return null;
  return value >= 0 && value <= MAX_ID ? null : `${field} ${value} is outside 0..${MAX_ID}`;
}

/** What is wrong with the payload's ids, or null when they all name something possible. */
export function idOutOfRange(params: unknown): string | null {
  if (typeof params !== 'object' || params === null) return null;
  const p = params as Record<string, unknown>;
  for (const field of TOP_LEVEL) {
    const problem = check(p[field], field);
    if (problem) return problem;
  }
  for (const [parent, fields] of Object.entries(NESTED)) {
    const nested = p[parent];
    if (typeof nested !== 'object' || nested === null) continue;
    for (const field of fields) {
      const problem = check((nested as Record<string, unknown>)[field], `${parent}.${field}`);
      if (problem) return problem;
    }
  }
  return null;
}
