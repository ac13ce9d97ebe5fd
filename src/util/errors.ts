/**
 * The one error type of Hearth. Every failure that can reach a client is a HearthError with a code
 * from the closed table below; each protocol maps codes to its own wire shape in exactly one place
 * (protocols/cognito/errors.ts, protocols/appsync/errors.ts, protocols/s3/errors.ts). `message` is public; `cause` is
 * internal and never serialised.
 */
export const ERROR_CODES = [
  // request shape
  'BadRequest', // malformed JSON, missing or mistyped parameter
  'PayloadTooLarge',
  'UnknownOperation', // an operation Hearth does not implement
  // auth (Cognito names are the codes themselves where they exist)
  'InvalidParameter',
  'InvalidPassword',
  'UsernameExists',
  'UserNotFound',
  'UserNotConfirmed',
  'NotAuthorized',
  'CodeMismatch',
  'ExpiredCode',
  'LimitExceeded',
  'TooManyRequests', // over a request-rate limit (auth/rate-limits.ts)
  'TooManyFailedAttempts',
  'UserLambdaValidation',
  'UnexpectedLambda',
  'InvalidLambdaResponse',
  'ResourceNotFound',
  'PasswordResetRequired',
  'AliasExists', // another user already signs in with that email
  'EnableSoftwareTokenMFA', // VerifySoftwareToken with a wrong code
  'InvalidUserPoolConfiguration', // an MFA factor the pool does not enable
  'GroupExists',
  'AccessDenied', // a signed caller without the IAM permission for the operation
  'UnrecognizedClient', // unsigned, or an unknown access key
  'InvalidSignature',
  'UnsupportedUserState', // AdminCreateUser RESEND for a user past FORCE_CHANGE_PASSWORD
  // passkeys (auth/passwordless): Cognito's WebAuthn exceptions
  'WebAuthnNotEnabled',
  'WebAuthnChallengeNotFound', // no registration started, or it expired or was used
  'WebAuthnRelyingPartyMismatch',
  'WebAuthnOriginNotAllowed',
  'WebAuthnCredentialNotSupported',
  // data
  'Unauthorized',
  'ValidationError',
  'ConditionalCheckFailed',
  'InvalidPaginationToken', // a nextToken that was modified, forged, or issued for another query
  'NotFound',
  'LambdaUnhandled', // a function resolver threw or timed out (AppSync's Lambda:Unhandled)
  // file storage (S3's own codes; protocols/s3/errors.ts maps them to S3's XML error and status)
  'NoSuchKey',
  'NoSuchBucket',
  'NoSuchUpload',
  'InvalidRange',
  'EntityTooLarge',
  'EntityTooSmall',
  'InvalidPart',
  'InvalidPartOrder',
  'InvalidArgument',
  'InvalidRequest',
  'KeyTooLongError',
  'MissingContentLength',
  'MethodNotAllowed',
  'BadDigest',
  'XAmzContentSHA256Mismatch',
  'InvalidDigest',
  'MalformedXML',
  'RequestTimeTooSkewed',
  'ExpiredToken',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'AuthorizationHeaderMalformed',
  'AuthorizationQueryParametersError',
  'InvalidToken',
  'InvalidURI',
  'PreconditionFailed',
  'NotImplemented',
  'IncompleteBody',
  // the user pool's OAuth endpoints (protocols/oauth maps them to RFC 6749's `error` values)
  'InvalidGrant', // a code or refresh token that is unknown, used, expired, or was issued for another request
  'InvalidClient', // an unknown client, or client authentication that failed
  'UnauthorizedClient', // a grant the client may not use
  'UnsupportedGrantType',
  'UnsupportedResponseType',
  'InvalidScope',
  'RedirectMismatch', // a redirect_uri or logout_uri that is not one of the app's callbackUrls/logoutUrls
  // config (the user's mistake, found while loading their amplify/ folder)
  'ConfigError',
  'NotSupported',
  // ours
  'Internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export class HearthError extends Error {
  readonly code: ErrorCode;
  override readonly cause?: unknown;

  constructor(code: ErrorCode, message: string, cause?: unknown) {
    super(message);
    this.name = 'HearthError';
    this.code = code;
    this.cause = cause;
  }
}

export function isHearthError(e: unknown): e is HearthError {
  return e instanceof HearthError;
}

/** Wraps anything thrown into a HearthError without leaking its message to clients. */
export function toHearthError(e: unknown): HearthError {
  if (e instanceof HearthError) return e;
  return new HearthError('Internal', 'An internal error occurred.', e);
}
