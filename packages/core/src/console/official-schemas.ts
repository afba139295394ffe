import { createRequire } from 'node:module';
import { createValidator } from 'ocpp-rpc';

// The official OCPP JSON schemas (1.6 with its security extension, 2.0.1), the ones the relay
// validates every frame with in strict mode, compiled once per version on first use.

type Protocol = 'OCPP16' | 'OCPP201';
const require = createRequire(import.meta.url);
const FILES: Record<Protocol, [string, string]> = {
  OCPP16: ['ocpp1.6', 'ocpp-rpc/lib/schemas/ocpp1_6.json'],
  OCPP201: ['ocpp2.0.1', 'ocpp-rpc/lib/schemas/ocpp2_0_1.json'],
};
const validators = new Map<Protocol, ReturnType<typeof createValidator>>();

export type SchemaError = { path: string; message: string };

/** The request schema's errors for this payload; empty when it is valid. */
export function requestSchemaErrors(protocol: Protocol, action: string, payload: unknown): SchemaError[] {
  let validator = validators.get(protocol);
  if (!validator) {
    const [name, file] = FILES[protocol];
    validator = createValidator(name, require(file));
    validators.set(protocol, validator);
  }
  try {
    // Synchronous (ajv), whatever its typings say: it throws the RPCError with ajv's errors.
    void validator.validate(`urn:${action}.req`, payload);
    return [];
  } catch (e) {
    const errors = (e as { details?: { errors?: { instancePath?: string; message?: string; params?: unknown }[] } })
      .details?.errors;
    if (!errors?.length) return [{ path: '', message: (e as Error).message }];
    return errors.map((err) => ({
      path: err.instancePath || '/',
      message: `${err.message ?? 'invalid'}${err.params ? ` ${JSON.stringify(err.params)}` : ''}`,
    }));
  }
}
