import type { GraphQLError } from 'graphql';
import { type ErrorCode, isHearthError } from '../../util/errors.js';
import type { GraphQLErrorEntry } from '../types.js';

/** errorType per HearthError code, as AppSync's resolvers report them (reference §E.3). */
const ERROR_TYPE: Partial<Record<ErrorCode, string>> = {
  Unauthorized: 'Unauthorized',
  NotAuthorized: 'Unauthorized',
  ConditionalCheckFailed: 'DynamoDB:ConditionalCheckFailedException',
  ValidationError: 'ValidationError',
  BadRequest: 'BadRequestException',
  NotSupported: 'UnsupportedOperation',
  NotFound: 'NotFound',
};

const INTERNAL = { errorType: 'InternalFailure', message: 'An internal error occurred' };

/**
 * AppSync's error entry, keys in its order. A resolver's HearthError keeps its public message;
 * anything else thrown in a resolver is reported as an internal error (never its own message).
 * Errors raised by graphql-js itself (syntax, validation, variable coercion) carry no original
 * error and are reported as ValidationError with graphql-js's message: AppSync words them
 * differently ("Validation error of type …"), which no client depends on.
 */
export function toErrorEntry(err: GraphQLError): GraphQLErrorEntry {
  const original = err.originalError;
  const locations = err.locations?.map((l) => ({ line: l.line, column: l.column, sourceName: null }));
  let kind: { errorType: string; message: string };
  if (!original) kind = { errorType: 'ValidationError', message: err.message };
  else if (isHearthError(original) && original.code !== 'Internal') {
    kind = { errorType: ERROR_TYPE[original.code] ?? original.code, message: original.message };
  } else if (original.name === 'GraphQLError') kind = { errorType: 'ValidationError', message: original.message };
  else kind = INTERNAL;
  const entry: GraphQLErrorEntry = { errorType: kind.errorType, message: kind.message };
  return err.path
    ? { path: [...err.path], data: null, errorType: kind.errorType, errorInfo: null, locations, message: kind.message }
    : { ...entry, locations };
}
