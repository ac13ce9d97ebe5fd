/**
 * The one place HearthErrors become S3's answer
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html): an XML `<Error>` with Code,
 * Message, Resource and RequestId, and the status S3 gives that code. A code S3 does not have is
 * answered as the nearest S3 one; an internal error never shows its cause.
 */
import type { ServerResponse } from 'node:http';
import { type ErrorCode, HearthError, toHearthError } from '../../util/errors.js';
import { corsHeaders } from './cors.js';
import { el, XML_DECL } from './xml.js';

const STATUS: Partial<Record<ErrorCode, number>> = {
  AccessDenied: 403,
  SignatureDoesNotMatch: 403,
  RequestTimeTooSkewed: 403,
  InvalidAccessKeyId: 403,
  ExpiredToken: 400,
  InvalidToken: 400,
  NoSuchKey: 404,
  NoSuchBucket: 404,
  NoSuchUpload: 404,
  InvalidRange: 416,
  PreconditionFailed: 412,
  MissingContentLength: 411,
  MethodNotAllowed: 405,
  NotImplemented: 501,
  Internal: 500,
};

/** Hearth codes that are not S3's, answered with the S3 code nearest in meaning */
const S3_CODE: Partial<Record<ErrorCode, string>> = {
  Internal: 'InternalError',
  UnrecognizedClient: 'AccessDenied',
  InvalidSignature: 'SignatureDoesNotMatch',
  BadRequest: 'InvalidRequest',
  PayloadTooLarge: 'EntityTooLarge',
  NotFound: 'NoSuchKey',
  UnknownOperation: 'NotImplemented',
  NotSupported: 'NotImplemented',
};

export function s3Status(code: ErrorCode): number {
  return (
    STATUS[code] ??
    (code === 'UnrecognizedClient' ? 403 : code === 'NotFound' ? 404 : code === 'UnknownOperation' || code === 'NotSupported' ? 501 : 400)
  );
}

export const s3Code = (e: HearthError): string => S3_CODE[e.code] ?? e.code;

export function errorXml(e: HearthError, resource: string, requestId: string): string {
  const message = e.code === 'Internal' ? 'We encountered an internal error. Please try again.' : e.message;
  return `${XML_DECL}<Error>${el('Code', s3Code(e))}${el('Message', message)}${el('Resource', resource)}${el('RequestId', requestId)}</Error>`;
}

/** answers `e` (anything thrown) unless the answer already started; then the connection is cut */
export function sendS3Error(res: ServerResponse, err: unknown, o: { resource: string; requestId: string; head?: boolean }): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const e = err instanceof HearthError ? err : toHearthError(err);
  const body = o.head ? '' : errorXml(e, o.resource, o.requestId);
  res.writeHead(s3Status(e.code), {
    ...corsHeaders,
    'content-type': 'application/xml',
    'content-length': Buffer.byteLength(body),
    'x-amz-request-id': o.requestId,
    'x-amz-id-2': o.requestId,
  });
  res.end(body);
}
