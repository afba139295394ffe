import type { OcppVersion } from './context.ts';

// ocpp-rpc picks CALLERROR codes with one vocabulary for every version (and spells some of
// them the 2.0.1 way under 1.6, the 1.6 way under 2.0.1). Each version's spec names its own
// list, so every outgoing CALLERROR is rewritten into the vocabulary of that socket's version.
//
// OCPP-J 1.6 Table 7: NotImplemented, NotSupported, InternalError, ProtocolError, SecurityError,
//   FormationViolation, PropertyConstraintViolation, OccurenceConstraintViolation (sic),
//   TypeConstraintViolation, GenericError.
// OCPP-J 2.0.1 §4.3: FormatViolation, GenericError, InternalError, MessageTypeNotSupported,
//   NotImplemented, NotSupported, OccurrenceConstraintViolation, PropertyConstraintViolation,
//   ProtocolError, RpcFrameworkError, SecurityError, TypeConstraintViolation.

const V16: Record<string, string> = {
  FormatViolation: 'FormationViolation',
  OccurrenceConstraintViolation: 'OccurenceConstraintViolation',
  // 1.6 has no RPC-framework codes: a frame that is not a valid RPC message is not conform the PDU structure.
  RpcFrameworkError: 'FormationViolation',
  MessageTypeNotSupported: 'FormationViolation',
};

const V201: Record<string, string> = {
  FormationViolation: 'FormatViolation',
  OccurenceConstraintViolation: 'OccurrenceConstraintViolation',
};

export const VALID_ERROR_CODES: Record<OcppVersion, readonly string[]> = {
  'ocpp1.6': [
    'NotImplemented',
    'NotSupported',
    'InternalError',
    'ProtocolError',
    'SecurityError',
    'FormationViolation',
    'PropertyConstraintViolation',
    'OccurenceConstraintViolation',
    'TypeConstraintViolation',
    'GenericError',
  ],
  'ocpp2.0.1': [
    'FormatViolation',
    'GenericError',
    'InternalError',
    'MessageTypeNotSupported',
    'NotImplemented',
    'NotSupported',
    'OccurrenceConstraintViolation',
    'PropertyConstraintViolation',
    'ProtocolError',
    'RpcFrameworkError',
    'SecurityError',
    'TypeConstraintViolation',
  ],
};

export function errorCodeFor(version: OcppVersion, code: string): string {
  const mapped = (version === 'ocpp1.6' ? V16 : V201)[code] ?? code;
  return VALID_ERROR_CODES[version].includes(mapped) ? mapped : 'GenericError';
}

/** Rewrites the code of an outgoing CALLERROR frame; anything else passes through untouched. */
export function rewriteCallError(version: OcppVersion, frame: string): string {
  if (!frame.startsWith('[4,')) return frame;
  try {
    const parsed = JSON.parse(frame) as unknown[];
    if (parsed[0] !== 4 || typeof parsed[2] !== 'string') return frame;
    const code = errorCodeFor(version, parsed[2]);
    if (code === parsed[2]) return frame;
    parsed[2] = code;
    return JSON.stringify(parsed);
  } catch {
    return frame;
  }
}

/**
 * ocpp-rpc answers a frame with an unknown message type under message id "-1", though the
 * frame carried one (OCPP-J 2.0.1 §4.4 wants the CALLERROR to name it). Its 'badMessage' event
 * hands over the CALLERROR array before it is sent, so the real id is put back there.
 */
export function restoreMessageId(buffer: Buffer | string, response: unknown[] | null | undefined): void {
  if (!response || response[1] !== '-1') return;
  try {
    const frame = JSON.parse(buffer.toString()) as unknown;
    if (Array.isArray(frame) && typeof frame[1] === 'string') response[1] = frame[1];
  } catch {
    // Not JSON at all: there is no id to give back.
  }
}
