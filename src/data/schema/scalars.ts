import { GraphQLError, type GraphQLScalarType, type GraphQLSchema, Kind, type ValueNode } from 'graphql';
import { STRING_FORMATS } from './scalar-formats.js';

/**
 * Wire behaviour of AppSync's scalars (https://docs.aws.amazon.com/appsync/latest/devguide/scalars.html),
 * for inline values and variables alike (graphql-js calls parseLiteral / parseValue for both):
 * AWSJSON travels as a string holding JSON, is stored parsed and is always returned re-encoded;
 * AWSTimestamp is an integer (seconds); the string scalars must match their format
 * (scalar-formats.ts). A bad value is a GraphQL validation error, never a stored string. The
 * message is Hearth's: AppSync's ("Validation error of type WrongType: … is not a valid 'AWSDate'")
 * is not reproduced word for word; graphql-js prefixes it with the variable or argument.
 */
function invalid(type: string, value: unknown): GraphQLError {
  return new GraphQLError(`${JSON.stringify(value) ?? String(value)} is not a valid '${type}'.`);
}

function parseJson(value: unknown): unknown {
  if (typeof value !== 'string') throw invalid('AWSJSON', value);
  try {
    return JSON.parse(value);
  } catch {
    throw invalid('AWSJSON', value);
  }
}

function stringScalar(name: string) {
  const valid = STRING_FORMATS[name];
  return (value: unknown): string => {
    if (typeof value !== 'string' || (valid && !valid(value))) throw invalid(name, value);
    return value;
  };
}

function timestamp(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw invalid('AWSTimestamp', value);
  return value;
}

function literal(name: string, parse: (v: unknown) => unknown) {
  return (ast: ValueNode): unknown => {
    if (ast.kind === Kind.STRING) return parse(ast.value);
    if (ast.kind === Kind.INT) return parse(Number(ast.value));
    throw new GraphQLError(`Expected a ${name === 'AWSTimestamp' ? 'integer' : 'string'} value for '${name}', got ${ast.kind}.`);
  };
}

export function installScalars(schema: GraphQLSchema): void {
  for (const [name, type] of Object.entries(schema.getTypeMap())) {
    if (!name.startsWith('AWS')) continue;
    const s = type as GraphQLScalarType;
    const parse = name === 'AWSJSON' ? parseJson : name === 'AWSTimestamp' ? timestamp : stringScalar(name);
    s.parseValue = parse;
    s.parseLiteral = literal(name, parse);
    // stored AWSJSON values are parsed JSON, so output always re-encodes (a stored JSON string too)
    s.serialize = name === 'AWSJSON' ? (v) => JSON.stringify(v) : (v) => v;
  }
}
