import { createRequire } from 'node:module';
import { createRPCError, createValidator } from 'ocpp-rpc';
import type { OcppVersion } from './context.ts';
import { payloadContentProblem } from './payload-content.ts';

// Strict mode validates every payload against the official schemas, but ocpp-rpc names the
// CALLERROR from its own table of JSON-schema keywords, which does not follow the specs' words:
// an idTag one character too long or a status that is not in the enumeration comes back as
// FormationViolation ("syntactically incorrect"), a value below an exclusive minimum as an
// occurrence violation. These validators keep the schemas and ajv and name the error by what
// OCPP-J (1.6 §4.2.3 Table 7, 2.0.1 §4.3) says each code means:
//
// - TypeConstraintViolation: a field of the wrong JSON type ("somestring": 12).
// - OccurrenceConstraintViolation: a required field missing, too few or too many items.
// - PropertyConstraintViolation: a field with an invalid value: not in its enumeration, too long
//   or too short, out of range, not matching its pattern or format (a date-time that is not one).
// - FormatViolation: the payload does not have the structure of the action's PDU: not an object,
//   or a property the PDU does not have.
//
// The version's own spelling (1.6 FormationViolation, OccurenceConstraintViolation) is applied on
// the way out, with every other CALLERROR (rewriteCallError).

type AjvError = { keyword: string; instancePath: string };
type RpcValidator = ReturnType<typeof createValidator>;

const BY_KEYWORD: Record<string, string> = {
  type: 'TypeConstraintViolation',
  required: 'OccurrenceConstraintViolation',
  minItems: 'OccurrenceConstraintViolation',
  maxItems: 'OccurrenceConstraintViolation',
  additionalItems: 'OccurrenceConstraintViolation',
  minProperties: 'OccurrenceConstraintViolation',
  maxProperties: 'OccurrenceConstraintViolation',
  additionalProperties: 'FormatViolation',
  propertyNames: 'FormatViolation',
};

/** The CALLERROR code for the first schema error ajv found. */
export function codeForSchemaError(error: AjvError): string {
  // A payload that is not even an object (an array, a string) is not the PDU at all.
  if (error.instancePath === '' && error.keyword === 'type') return 'FormatViolation';
  return BY_KEYWORD[error.keyword] ?? 'PropertyConstraintViolation';
}

// OCPP-J: an errorDescription should not exceed 255 characters.
const clip = (text: string) => (text.length > 255 ? `${text.slice(0, 254)}…` : text);

const require = createRequire(import.meta.url);
const SCHEMAS: Record<OcppVersion, string> = {
  'ocpp1.6': 'ocpp-rpc/lib/schemas/ocpp1_6.json',
  'ocpp2.0.1': 'ocpp-rpc/lib/schemas/ocpp2_0_1.json',
};

function specValidator(version: OcppVersion): RpcValidator {
  const validator = createValidator(version, require(SCHEMAS[version]));
  const validate = validator.validate.bind(validator);
  validator.validate = (schemaId: string, params: unknown) => {
    let valid: ReturnType<typeof validate>;
    try {
      valid = validate(schemaId, params);
    } catch (e) {
      const first = (e as { details?: { errors?: AjvError[] } }).details?.errors?.[0];
      if (!first) throw e;
      throw createRPCError(codeForSchemaError(first), (e as Error).message, {});
    }
    // Schema-valid is not yet storable (payload-content.ts); checked for calls and answers alike.
    const problem = payloadContentProblem(params);
    if (problem) throw createRPCError('PropertyConstraintViolation', clip(problem), {});
    return valid;
  };
  return validator;
}

/** Strict-mode validators for every version the relay speaks, passed as ocpp-rpc's strictModeValidators. */
export function specValidators(versions: readonly OcppVersion[]): RpcValidator[] {
  return versions.map(specValidator);
}
