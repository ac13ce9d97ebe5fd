/**
 * The one place HearthError codes become the AWS JSON error shape, for both Cognito services:
 * status, `x-amzn-ErrorType` header and `{__type, message}` body (reference §A.3). Internal errors
 * become a generic 500; their cause is for the log, never the wire.
 */
import { randomUUID } from 'node:crypto';
import type { ErrorCode, HearthError } from '../../util/errors.js';
import type { HttpResponse } from '../../util/http.js';

export const AMZ_JSON = 'application/x-amz-json-1.1';

const WIRE: Partial<Record<ErrorCode, [status: number, type: string]>> = {
  BadRequest: [400, 'SerializationException'],
  PayloadTooLarge: [413, 'RequestEntityTooLargeException'],
  UnknownOperation: [400, 'UnknownOperationException'],
  NotSupported: [400, 'UnsupportedOperationException'],
  InvalidParameter: [400, 'InvalidParameterException'],
  InvalidPassword: [400, 'InvalidPasswordException'],
  UsernameExists: [400, 'UsernameExistsException'],
  UserNotFound: [400, 'UserNotFoundException'],
  UserNotConfirmed: [400, 'UserNotConfirmedException'],
  NotAuthorized: [400, 'NotAuthorizedException'],
  CodeMismatch: [400, 'CodeMismatchException'],
  ExpiredCode: [400, 'ExpiredCodeException'],
  LimitExceeded: [400, 'LimitExceededException'],
  TooManyRequests: [400, 'TooManyRequestsException'],
  TooManyFailedAttempts: [400, 'TooManyFailedAttemptsException'],
  UserLambdaValidation: [400, 'UserLambdaValidationException'],
  UnexpectedLambda: [400, 'UnexpectedLambdaException'],
  InvalidLambdaResponse: [400, 'InvalidLambdaResponseException'],
  ResourceNotFound: [400, 'ResourceNotFoundException'],
  PasswordResetRequired: [400, 'PasswordResetRequiredException'],
  AliasExists: [400, 'AliasExistsException'],
  EnableSoftwareTokenMFA: [400, 'EnableSoftwareTokenMFAException'],
  InvalidUserPoolConfiguration: [400, 'InvalidUserPoolConfigurationException'],
  GroupExists: [400, 'GroupExistsException'],
  AccessDenied: [400, 'AccessDeniedException'],
  UnrecognizedClient: [400, 'UnrecognizedClientException'],
  InvalidSignature: [400, 'InvalidSignatureException'],
  UnsupportedUserState: [400, 'UnsupportedUserStateException'],
  WebAuthnNotEnabled: [400, 'WebAuthnNotEnabledException'],
  WebAuthnChallengeNotFound: [400, 'WebAuthnChallengeNotFoundException'],
  WebAuthnRelyingPartyMismatch: [400, 'WebAuthnRelyingPartyMismatchException'],
  WebAuthnOriginNotAllowed: [400, 'WebAuthnOriginNotAllowedException'],
  WebAuthnCredentialNotSupported: [400, 'WebAuthnCredentialNotSupportedException'],
  // a path nothing is served at (the listener routes by path before any protocol)
  NotFound: [404, 'NotFoundException'],
  Unauthorized: [400, 'NotAuthorizedException'],
  ValidationError: [400, 'InvalidParameterException'],
};

export function cognitoErrorResponse(err: HearthError, requestId: string = randomUUID()): HttpResponse {
  const wire = WIRE[err.code];
  const [status, type] = wire ?? [500, 'InternalErrorException'];
  const message = wire ? err.message : 'An internal error occurred. See the Hearth server log.';
  return {
    status,
    headers: {
      'content-type': AMZ_JSON,
      'x-amzn-ErrorType': type,
      'x-amzn-RequestId': requestId,
    },
    body: JSON.stringify({ __type: type, message }),
  };
}
