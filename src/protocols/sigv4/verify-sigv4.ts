/**
 * AWS SigV4 verification for the JSON services, with the secret looked up per access key: the user
 * pool's IAM-signed operations (`cognito-idp`) and the data API's IAM callers (`appsync`) both use
 * it. It computes the canonical request with the same code as the S3 verifier (canonical.ts) over
 * exactly the signed headers and body, and compares in constant time. Refusals are
 * UnrecognizedClient (unknown key) or InvalidSignature; each protocol maps them.
 */
import { createHash } from 'node:crypto';
import type { Clock } from '../../util/clock.js';
import { HearthError } from '../../util/errors.js';
import type { HttpRequest } from '../../util/http.js';
import { secureEqual } from '../../util/secure-compare.js';
import { canonicalRequest, queryPairs, signature, stringToSign, uriEncode } from './canonical.js';

const MAX_SKEW_MS = 5 * 60 * 1000;
const AUTH_RE =
  /^AWS4-HMAC-SHA256 Credential=([^/\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$/;

export interface VerifySigV4Options<P> {
  service: string;
  region: string;
  clock: Clock;
  /** the secret for the key (and who holds it); undefined for an unknown key */
  resolve(accessKeyId: string, sessionToken?: string): { secretAccessKey: string; principal: P } | undefined;
}

const unrecognized = (m: string) => new HearthError('UnrecognizedClient', m);

export async function verifySigV4<P>(req: HttpRequest, o: VerifySigV4Options<P>): Promise<P> {
  const header = req.headers.authorization;
  if (!header)
    throw new HearthError(
      'UnrecognizedClient',
      'Missing Authentication Token: this operation must be signed with AWS Signature Version 4.',
    );
  const m = AUTH_RE.exec(header.trim());
  if (!m) throw unrecognized('The Authorization header is not a valid AWS4-HMAC-SHA256 signature.');
  const [, accessKeyId = '', date = '', scopeRegion, service, headers = '', sig = ''] = m;
  if (scopeRegion !== o.region || service !== o.service) {
    throw new HearthError('InvalidSignature', `Credential should be scoped to a valid region (${o.region}) and service (${o.service}).`);
  }
  const signedHeaders = headers.split(';');
  const resolved = o.resolve(accessKeyId, req.headers['x-amz-security-token']);
  if (!resolved) throw unrecognized('The security token included in the request is invalid.');
  for (const h of signedHeaders)
    if (req.headers[h] === undefined) throw new HearthError('InvalidSignature', `Signed header '${h}' is missing from the request.`);
  const amzDate = checkDate(req, o.clock);
  const canonical = canonicalRequest({
    method: req.method.toUpperCase(),
    path: escapedPath(req.path),
    query: queryPairs(req.query),
    headers: req.headers,
    signedHeaders,
    payloadHash: req.headers['x-amz-content-sha256'] ?? createHash('sha256').update(req.body).digest('hex'),
  });
  const scope = { date, region: o.region, service: o.service };
  if (!secureEqual(signature(resolved.secretAccessKey, scope, stringToSign(amzDate, scope, canonical)), sig)) {
    throw new HearthError('InvalidSignature', 'The request signature we calculated does not match the signature you provided.');
  }
  return resolved.principal;
}

function checkDate(req: HttpRequest, clock: Clock): string {
  const amzDate = req.headers['x-amz-date'] ?? '';
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  if (!m) throw new HearthError('InvalidSignature', 'The request must carry a valid x-amz-date header.');
  const ms = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
  if (Math.abs(clock.now() - ms) > MAX_SKEW_MS)
    throw new HearthError('InvalidSignature', 'Signature expired: the request time is too far from the server time.');
  return amzDate;
}

/**
 * Services other than S3 sign the normalised path with each segment URI-encoded again (the AWS
 * SDK's `uriEscapePath`): `.` and `..` resolved, then every segment encoded.
 */
function escapedPath(path: string): string {
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '..') out.pop();
    else if (seg !== '.' && seg !== '') out.push(uriEncode(seg));
  }
  const joined = `/${out.join('/')}`;
  return path.endsWith('/') && joined !== '/' ? `${joined}/` : joined;
}
