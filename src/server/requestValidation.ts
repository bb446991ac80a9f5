/**
 * Requests are checked by the zod schemas of their routes (params, querystring, body), and the
 * handler receives what the schema made of them (text trimmed, defaults filled in). A refusal names
 * the first field at fault and what it must be, in the words Fastify's JSON Schema checks used.
 */
import type { FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify';
import type { z } from 'zod';

/** The mark of zod's own messages, which are replaced by the phrases below; a schema's own message is kept. */
const PLAIN = '\u0000plain';

type Issue = z.core.$ZodIssue;

function pointer(path: readonly PropertyKey[]): string {
  return path.map((p) => `/${String(p)}`).join('');
}

function describe(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'int') return 'must be an integer';
      return `must be ${issue.expected === 'record' ? 'object' : issue.expected}`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `must be ${JSON.stringify(issue.values[0])}`
        : `must be one of: ${issue.values.map((v) => String(v)).join(', ')}`;
    case 'unrecognized_keys':
      return `must not have additional properties ("${issue.keys.join('", "')}")`;
    case 'too_small':
      if (issue.origin === 'string')
        return Number(issue.minimum) === 1
          ? 'must not be empty'
          : `must have at least ${issue.minimum} characters`;
      if (issue.origin === 'array') return `must have at least ${issue.minimum} items`;
      return `must be ${issue.inclusive ? '>=' : '>'} ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'string') return `must have at most ${issue.maximum} characters`;
      if (issue.origin === 'array') return `must have at most ${issue.maximum} items`;
      return `must be ${issue.inclusive ? '<=' : '<'} ${issue.maximum}`;
    case 'invalid_format':
      if (issue.format === 'datetime')
        return 'must be an ISO 8601 date and time with seconds and a time zone, on a day that exists (e.g. 2024-05-01T12:00:00Z)';
      if (issue.format === 'uuid') return 'must be a UUID';
      return 'is not in the expected form';
    case 'invalid_key':
      return 'is not an accepted key';
    default:
      return 'is not valid';
  }
}

/** One issue as Fastify passes validation errors on: `instancePath` and the phrase that follows it. */
function toValidationError(issue: Issue): FastifySchemaValidationError {
  const missing = issue.code === 'invalid_type' && issue.input === undefined && issue.path.length > 0;
  const path = missing ? issue.path.slice(0, -1) : issue.path;
  const message = missing
    ? `must have required property '${String(issue.path[issue.path.length - 1])}'`
    : issue.message === PLAIN
      ? describe(issue)
      : issue.message;
  return {
    keyword: issue.code,
    instancePath: pointer(path),
    schemaPath: `#${pointer(issue.path)}`,
    params: {},
    message,
  };
}

export const validatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema }) =>
  (data) => {
    const result = schema.safeParse(data, { reportInput: true, error: () => PLAIN });
    if (result.success) return { value: result.data };
    return { error: result.error.issues.map(toValidationError) };
  };

/**
 * The first validation error, in words (Fastify's schemaErrorFormatter): `body/name must not be
 * empty`. A refinement's message is a sentence of its own, shared with other layers (the
 * not-applicable rule reads the same in the assessment file): `body/reason: a "not-applicable" …`.
 */
export function validationMessage(errors: readonly FastifySchemaValidationError[], dataVar: string): string {
  const first = errors[0];
  if (!first) return `${dataVar} is not valid`;
  const where = `${dataVar}${first.instancePath}`;
  return first.keyword === 'custom'
    ? `${where}: ${first.message ?? 'is not valid'}`
    : `${where} ${first.message ?? 'is not valid'}`;
}
