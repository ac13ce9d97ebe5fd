/**
 * The one place HearthError codes become the console API's error shape:
 * `{ "error": { "code", "message", "field"? } }` with a 4xx status. Internal errors become a generic
 * 500 whose cause goes to the log, never the wire.
 */
import { type ErrorCode, HearthError } from '../../util/errors.js';
import { type HttpResponse, json } from '../../util/http.js';

const STATUS: Partial<Record<ErrorCode, number>> = {
  BadRequest: 400,
  InvalidParameter: 400,
  InvalidPassword: 400,
  ValidationError: 400,
  InvalidPaginationToken: 400,
  UsernameExists: 409,
  AliasExists: 409,
  GroupExists: 409,
  ConditionalCheckFailed: 409,
  UnsupportedUserState: 409,
  UserNotFound: 404,
  ResourceNotFound: 404,
  NotFound: 404,
  NoSuchKey: 404,
  NoSuchBucket: 404,
  Unauthorized: 401,
  NotAuthorized: 403,
  AccessDenied: 403,
  PayloadTooLarge: 413,
  EntityTooLarge: 413,
  PreconditionFailed: 412,
  MethodNotAllowed: 405,
  TooManyRequests: 429,
  UserLambdaValidation: 400,
  NotSupported: 400,
};

/** A console error answer; `field` names the input field a validation error is about. */
export function consoleError(e: HearthError, field?: string): HttpResponse {
  const status = STATUS[e.code] ?? (e.code === 'Internal' ? 500 : 400);
  const message = e.code === 'Internal' ? 'An internal error occurred.' : e.message;
  return json(status, { error: { code: e.code, message, ...(field ? { field } : {}) } }, { 'cache-control': 'no-store' });
}

/** A thrown value as a HearthError (anything else is internal: the caller logs it). */
export function asHearthError(e: unknown): HearthError {
  return e instanceof HearthError ? e : new HearthError('Internal', 'An internal error occurred.', e);
}
