import { type ErrorCode, type HearthError, toHearthError } from '../../util/errors.js';
import { type HttpResponse, json } from '../../util/http.js';

/**
 * Transport-level failures (before GraphQL runs) in AppSync's shape: status, `x-amzn-ErrorType`
 * and `{"errors":[{"errorType","message"}]}`. Resolver errors are not here: they travel in a 200
 * body (src/data/execute/error-entry.ts). `BadRequestException` is avoided on purpose: the
 * Amplify client retries it as a clock-skew error (reference §E.3).
 */
const WIRE: Partial<Record<ErrorCode, [number, string]>> = {
  BadRequest: [400, 'MalformedHttpRequestException'],
  InvalidParameter: [400, 'MalformedHttpRequestException'],
  ValidationError: [400, 'MalformedHttpRequestException'],
  PayloadTooLarge: [413, 'PayloadTooLargeException'],
  NotAuthorized: [401, 'UnauthorizedException'],
  Unauthorized: [401, 'UnauthorizedException'],
  UnknownOperation: [404, 'NotFoundException'],
  NotFound: [404, 'NotFoundException'],
  ResourceNotFound: [404, 'NotFoundException'],
  NotSupported: [400, 'UnsupportedOperationException'],
  LimitExceeded: [429, 'TooManyRequestsException'],
  TooManyRequests: [429, 'TooManyRequestsException'],
};

export function appSyncErrorResponse(err: HearthError): HttpResponse {
  const e = toHearthError(err);
  const wire = WIRE[e.code];
  const [status, errorType] = wire ?? [500, 'InternalFailureException'];
  const message = wire ? e.message : 'An internal error occurred';
  return json(status, { errors: [{ errorType, message }] }, { 'x-amzn-ErrorType': errorType });
}
