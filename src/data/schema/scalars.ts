import { GraphQLError, type GraphQLScalarType, type GraphQLSchema, Kind, type ValueNode } from 'graphql';

/**
 * Wire behaviour of AppSync's scalars (https://docs.aws.amazon.com/appsync/latest/devguide/scalars.html):
 * AWSJSON travels as a JSON string and is stored parsed; AWSTimestamp is an integer; the date/time
 * scalars are ISO 8601 strings. The checks are deliberately loose (shape, not calendar validity).
 */
const DATE = String.raw`\d{4}-\d{2}-\d{2}`;
const TIME = String.raw`\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?`;
const OFFSET = String.raw`(Z|[+-]\d{2}(:\d{2}(:\d{2})?)?)`;
const PATTERNS: Record<string, RegExp> = {
  AWSDate: new RegExp(`^${DATE}${OFFSET}?$`),
  AWSTime: new RegExp(`^${TIME}${OFFSET}?$`),
  AWSDateTime: new RegExp(`^${DATE}T${TIME}${OFFSET}$`),
  AWSEmail: /^[^\s@]+@[^\s@]+$/,
};

function invalid(type: string, value: unknown): GraphQLError {
  return new GraphQLError(`Invalid ${type} value: ${JSON.stringify(value)}`);
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
  const pattern = PATTERNS[name];
  return (value: unknown): string => {
    if (typeof value !== 'string' || (pattern && !pattern.test(value))) throw invalid(name, value);
    return value;
  };
}

function timestamp(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw invalid('AWSTimestamp', value);
  return value;
}

function literal(parse: (v: unknown) => unknown) {
  return (ast: ValueNode): unknown => {
    if (ast.kind === Kind.STRING) return parse(ast.value);
    if (ast.kind === Kind.INT) return parse(Number(ast.value));
    throw new GraphQLError(`Expected a literal value, got ${ast.kind}`);
  };
}

export function installScalars(schema: GraphQLSchema): void {
  for (const [name, type] of Object.entries(schema.getTypeMap())) {
    if (!name.startsWith('AWS')) continue;
    const s = type as GraphQLScalarType;
    const parse = name === 'AWSJSON' ? parseJson : name === 'AWSTimestamp' ? timestamp : stringScalar(name);
    s.parseValue = parse;
    s.parseLiteral = literal(parse);
    // stored AWSJSON values are parsed JSON, so output always re-encodes (a stored JSON string too)
    s.serialize = name === 'AWSJSON' ? (v) => JSON.stringify(v) : (v) => v;
  }
}
