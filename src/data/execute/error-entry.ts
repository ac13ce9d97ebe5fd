import { randomBytes } from 'node:crypto';
import type { GraphQLError } from 'graphql';
import { type ErrorCode, isHearthError } from '../../util/errors.js';
import { AppSyncResolverError } from '../js-resolvers/appsync-runtime.js';
import type { GraphQLErrorEntry } from '../types.js';

/** errorType per HearthError code, as AppSync's resolvers report them (reference §E.3). */
const ERROR_TYPE: Partial<Record<ErrorCode, string>> = {
  Unauthorized: 'Unauthorized',
  NotAuthorized: 'Unauthorized',
  ConditionalCheckFailed: 'DynamoDB:ConditionalCheckFailedException',
  InvalidPaginationToken: 'DynamoDB:UserIllegalArgumentException',
  ValidationError: 'ValidationError',
  BadRequest: 'BadRequestException',
  NotSupported: 'UnsupportedOperation',
  NotFound: 'NotFound',
  LambdaUnhandled: 'Lambda:Unhandled',
};

const INTERNAL = { errorType: 'InternalFailure', message: 'An internal error occurred' };

/**
 * DynamoDB errors reach AppSync clients with the AWS SDK's suffix, e.g. "The conditional request
 * failed (Service: DynamoDb, Status Code: 400, Request ID: 7R5…)". Request IDs are random, like
 * DynamoDB's 52-character ones; nothing depends on their value.
 */
function publicMessage(code: ErrorCode, message: string): string {
  if (code !== 'ConditionalCheckFailed' || message.includes('(Service: DynamoDb')) return message;
  return `${message} (Service: DynamoDb, Status Code: 400, Request ID: ${requestId()})`;
}

const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function requestId(): string {
  return Array.from(randomBytes(52), (b) => ID_CHARS[b % ID_CHARS.length]).join('');
}

/**
 * AppSync's error entry, keys in its order. A resolver's HearthError keeps its public message;
 * anything else thrown in a resolver is reported as an internal error (never its own message).
 * Errors raised by graphql-js itself (syntax, validation, variable coercion) are reported as
 * ValidationError with graphql-js's message (for a bad variable it names the variable and path,
 * wrapping a scalar's own GraphQLError): AppSync words them differently ("Validation error of
 * type …"), which no client depends on.
 */
export function toErrorEntry(err: GraphQLError): GraphQLErrorEntry {
  const original = err.originalError;
  const locations = err.locations?.map((l) => ({ line: l.line, column: l.column, sourceName: null }));
  let kind: { errorType: string; message: string };
  if (!original) kind = { errorType: 'ValidationError', message: err.message };
  else if (isHearthError(original) && original.code !== 'Internal') {
    // a JS resolver's util.error carries its own errorType (null when it names none, as AppSync reports)
    kind = {
      errorType: original instanceof AppSyncResolverError ? (original.errorType as string) : (ERROR_TYPE[original.code] ?? original.code),
      message: publicMessage(original.code, original.message),
    };
  } else if (original.name === 'GraphQLError') kind = { errorType: 'ValidationError', message: err.message };
  else kind = INTERNAL;
  const entry: GraphQLErrorEntry = { errorType: kind.errorType, message: kind.message };
  return err.path
    ? { path: [...err.path], data: null, errorType: kind.errorType, errorInfo: null, locations, message: kind.message }
    : { ...entry, locations };
}
