import { getInputOutputParsers, unwrapZodType, type OpenApiProcedure } from 'trpc-to-openapi';
import { appRouter } from '../root.ts';
import { problem, type Problem } from './problem.ts';
import type { RestRoute } from './routes.ts';

// A route's input: path parameters, plus the query (GET, DELETE) or the JSON body. Query strings are
// text, so a key whose schema is a number or a boolean is converted here, by the schema's kind, and
// only from a well-formed value ("true"/"false", a finite number): the schema itself is left as the
// dashboard uses it (trpc-to-openapi's own adapter switches every such schema to coercion, for every
// caller, and coerces "false" to true).

type ZodLike = { _zod?: { def?: { type?: string } }; shape?: Record<string, unknown> };

const kindOf = (schema: unknown): string | undefined => (schema as ZodLike)?._zod?.def?.type;

function procedureOf(path: string): OpenApiProcedure {
  return (appRouter._def.procedures as unknown as Record<string, OpenApiProcedure>)[path]!;
}

function convert(value: string, schema: unknown): unknown {
  const kind = kindOf(unwrapZodType(schema as never, false));
  if (kind === 'number' || kind === 'bigint') {
    const n = Number(value);
    return value.trim() !== '' && Number.isFinite(n) ? n : value;
  }
  if (kind === 'boolean') return value === 'true' ? true : value === 'false' ? false : value;
  return value;
}

export function restInput({
  route,
  params,
  query,
  body,
}: {
  route: RestRoute;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
}): { value: unknown } | { problem: Problem } {
  const { inputParser, hasInputsDefined } = getInputOutputParsers(procedureOf(route.procedure));
  if (!hasInputsDefined) return { value: undefined };
  const object = unwrapZodType(inputParser as never, true) as ZodLike;
  const shape = object.shape ?? {};
  // Path parameters are text: /charging-profile-reports/{requestId} and /evses/{evseId} are numbers.
  const path: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) path[key] = key in shape ? convert(value, shape[key]) : value;
  if (route.method !== 'GET' && route.method !== 'DELETE') {
    if (body === undefined) return { value: Object.keys(path).length ? path : undefined };
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return { problem: problem('BAD_INPUT', 'The body must be a JSON object') };
    }
    return { value: { ...(body as object), ...path } };
  }
  const input: Record<string, unknown> = {};
  for (const key of new Set(query.keys())) {
    if (!(key in shape)) continue; // unknown keys are ignored, as the object schema would strip them
    const values = query.getAll(key);
    const field = unwrapZodType(shape[key] as never, false);
    if (kindOf(field) === 'array' || kindOf(field) === 'pipe' || kindOf(field) === 'union') {
      const element = kindOf(field) === 'array' ? (field as unknown as { element: unknown }).element : field;
      const converted = values.map((v) => convert(v, element));
      input[key] = kindOf(field) === 'array' || converted.length > 1 ? converted : converted[0];
    } else {
      input[key] = convert(values[values.length - 1]!, shape[key]);
    }
  }
  Object.assign(input, path);
  const empty = Object.keys(input).length === 0;
  // An optional input with nothing in the query is "no input", so its defaults apply.
  return { value: empty && inputParser.safeParse(undefined).success ? undefined : input };
}
