/**
 * SigV4 for S3 (https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-authenticating-requests.html):
 * the Authorization header form and the presigned query form. The signature is checked against the
 * request as received, then against the forms a redirected client signed (`candidates`: the
 * virtual-hosted `<bucket>.s3.<region>.amazonaws.com/<key>` the Amplify client signs before
 * hearth/client sends it here). Refusals carry S3's codes; protocols/s3 maps them to its XML.
 */
import type { Clock } from '../../util/clock.js';
import { HearthError } from '../../util/errors.js';
import { secureEqual } from '../../util/secure-compare.js';
import { canonicalRequest, type Scope, signature, stringToSign } from './canonical.js';

/** S3 refuses requests more than 15 minutes from its clock. */
const MAX_SKEW_MS = 15 * 60 * 1000;
/** a presigned URL lives at most 7 days */
export const MAX_PRESIGNED_EXPIRES = 604_800;

const CREDENTIAL_RE = /^([^/\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request$/;
const HEADER_RE = /^AWS4-HMAC-SHA256\s+Credential=([^,\s]+),\s*SignedHeaders=([a-z0-9;._-]+),\s*Signature=([0-9a-f]{64})$/;

export interface S3SignedRequest {
  method: string;
  path: string;
  /** decoded query pairs in the order sent */
  query: [string, string][];
  headers: Record<string, string | undefined>;
}

/** another (host, path) the client may have signed the same request for */
export interface SigningForm {
  host: string;
  path: string;
}

export interface VerifyS3Options<P> {
  region: string;
  clock: Clock;
  resolve(accessKeyId: string, sessionToken?: string): { secretAccessKey: string; principal: P } | undefined;
  /** tried in order when the request as received does not match */
  candidates: SigningForm[];
}

interface Parsed {
  accessKeyId: string;
  scope: Scope;
  signedHeaders: string[];
  signature: string;
  amzDate: string;
  sessionToken?: string;
  payloadHash: string;
  /** query pairs that are signed (presigned: all but X-Amz-Signature) */
  query: [string, string][];
}

export async function verifyS3Signature<P>(req: S3SignedRequest, o: VerifyS3Options<P>): Promise<P> {
  const p = req.headers.authorization !== undefined ? parseHeaderForm(req, o) : parseQueryForm(req, o);
  if (p.scope.region !== o.region)
    throw new HearthError(
      'AuthorizationHeaderMalformed',
      `The authorization header is malformed; the region '${p.scope.region}' is wrong; expecting '${o.region}'`,
    );
  if (p.scope.service !== 's3')
    throw new HearthError('AuthorizationHeaderMalformed', 'The authorization header is malformed; the service must be s3.');
  const resolved = o.resolve(p.accessKeyId, p.sessionToken);
  if (!resolved) throw unknownKey(p, o.clock);
  const matches = (method: string, host: string | undefined, path: string) => {
    const headers = { ...req.headers, host };
    const canonical = canonicalRequest({
      method,
      path,
      query: p.query,
      headers,
      signedHeaders: p.signedHeaders,
      payloadHash: p.payloadHash,
    });
    return secureEqual(signature(resolved.secretAccessKey, p.scope, stringToSign(p.amzDate, p.scope, canonical)), p.signature);
  };
  const forms = [{ host: req.headers.host, path: req.path }, ...o.candidates];
  // a presigned GET URL may be used for HEAD: it reveals less than the GET it was signed for
  const methods = req.method === 'HEAD' && req.headers.authorization === undefined ? ['HEAD', 'GET'] : [req.method];
  for (const method of methods) for (const f of forms) if (matches(method, f.host, f.path)) return resolved.principal;
  throw new HearthError(
    'SignatureDoesNotMatch',
    'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
  );
}

function parseHeaderForm(req: S3SignedRequest, o: { clock: Clock }): Parsed {
  const m = HEADER_RE.exec((req.headers.authorization ?? '').trim());
  const c = m ? CREDENTIAL_RE.exec(m[1] ?? '') : null;
  if (!m || !c) throw new HearthError('AuthorizationHeaderMalformed', 'The authorization header is malformed.');
  const signedHeaders = (m[2] ?? '').split(';');
  if (!signedHeaders.includes('host')) throw new HearthError('AccessDenied', 'The host header must be signed.');
  for (const h of signedHeaders)
    if (h !== 'host' && req.headers[h] === undefined)
      throw new HearthError('AccessDenied', `Signed header '${h}' is missing from the request.`);
  const payloadHash = req.headers['x-amz-content-sha256'];
  if (!payloadHash) throw new HearthError('InvalidRequest', 'Missing required header for this request: x-amz-content-sha256');
  const amzDate = req.headers['x-amz-date'] ?? '';
  const ms = parseAmzDate(amzDate);
  if (ms === undefined) throw new HearthError('AccessDenied', 'AWS authentication requires a valid Date or x-amz-date header');
  if (Math.abs(o.clock.now() - ms) > MAX_SKEW_MS)
    throw new HearthError('RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.');
  return {
    accessKeyId: c[1] ?? '',
    scope: { date: c[2] ?? '', region: c[3] ?? '', service: c[4] ?? '' },
    signedHeaders,
    signature: m[3] ?? '',
    amzDate,
    sessionToken: req.headers['x-amz-security-token'],
    payloadHash,
    query: req.query,
  };
}

function parseQueryForm(req: S3SignedRequest, o: { clock: Clock }): Parsed {
  const q = new Map(req.query);
  if (!q.has('X-Amz-Algorithm')) throw new HearthError('AccessDenied', 'Access Denied');
  if (q.get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256')
    throw new HearthError('AuthorizationQueryParametersError', 'X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"');
  const c = CREDENTIAL_RE.exec(q.get('X-Amz-Credential') ?? '');
  const amzDate = q.get('X-Amz-Date') ?? '';
  const ms = parseAmzDate(amzDate);
  const expires = Number(q.get('X-Amz-Expires'));
  const sig = q.get('X-Amz-Signature') ?? '';
  if (!c || ms === undefined || !/^[0-9a-f]{64}$/.test(sig) || !q.get('X-Amz-SignedHeaders'))
    throw new HearthError(
      'AuthorizationQueryParametersError',
      'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
    );
  if (!Number.isInteger(expires) || expires < 0)
    throw new HearthError('AuthorizationQueryParametersError', 'X-Amz-Expires should be a number');
  if (expires > MAX_PRESIGNED_EXPIRES)
    throw new HearthError('AuthorizationQueryParametersError', 'X-Amz-Expires must be less than a week (in seconds) that is; 604800');
  const now = o.clock.now();
  if (now > ms + expires * 1000) throw new HearthError('AccessDenied', 'Request has expired');
  if (ms - now > MAX_SKEW_MS) throw new HearthError('AccessDenied', 'Request is not valid yet');
  const signedHeaders = (q.get('X-Amz-SignedHeaders') ?? '').split(';');
  return {
    accessKeyId: c[1] ?? '',
    scope: { date: c[2] ?? '', region: c[3] ?? '', service: c[4] ?? '' },
    signedHeaders,
    signature: sig,
    amzDate,
    sessionToken: q.get('X-Amz-Security-Token'),
    payloadHash: q.get('X-Amz-Content-Sha256') ?? 'UNSIGNED-PAYLOAD',
    query: req.query.filter(([k]) => k !== 'X-Amz-Signature'),
  };
}

function parseAmzDate(s: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : undefined;
}

/** an expired session token is told apart (ExpiredToken) from an unknown key, as S3 does */
function unknownKey(p: Parsed, clock: Clock): HearthError {
  if (p.sessionToken) {
    const exp = tokenExpiry(p.sessionToken);
    if (exp !== undefined && exp <= clock.now()) return new HearthError('ExpiredToken', 'The provided token has expired.');
    return new HearthError('InvalidToken', 'The provided token is malformed or otherwise invalid.');
  }
  return new HearthError('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.');
}

/** reads `exp` from a Hearth session token's payload (auth/credentials.ts); only to choose the error */
function tokenExpiry(token: string): number | undefined {
  try {
    const v = JSON.parse(Buffer.from(token.slice(0, token.lastIndexOf('.')), 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof v.exp === 'number' ? v.exp : undefined;
  } catch {
    return undefined;
  }
}
