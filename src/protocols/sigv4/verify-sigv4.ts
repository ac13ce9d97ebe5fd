/**
 * AWS SigV4 verification for any service, with the secret looked up per access key: the user
 * pool's IAM-signed operations (`cognito-idp`) and the data API's IAM callers (`appsync`) both use
 * it. Recomputes the signature over exactly the signed headers and body and compares in constant
 * time. Refusals are UnrecognizedClient (unknown key) or InvalidSignature; each protocol maps them.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Clock } from '../../util/clock.js';
import { HearthError } from '../../util/errors.js';
import type { HttpRequest } from '../../util/http.js';
import { secureEqual } from '../../util/secure-compare.js';

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
  const [, accessKeyId = '', , scopeRegion, service, headers = '', signature = ''] = m;
  if (scopeRegion !== o.region || service !== o.service) {
    throw new HearthError('InvalidSignature', `Credential should be scoped to a valid region (${o.region}) and service (${o.service}).`);
  }
  const signedHeaders = headers.split(';');
  const sessionToken = req.headers['x-amz-security-token'];
  const resolved = o.resolve(accessKeyId, sessionToken);
  if (!resolved) throw unrecognized('The security token included in the request is invalid.');
  const signer = new SignatureV4({
    service: o.service,
    region: o.region,
    sha256: Sha256,
    applyChecksum: false,
    credentials: {
      accessKeyId,
      secretAccessKey: resolved.secretAccessKey,
      ...(sessionToken && signedHeaders.includes('x-amz-security-token') ? { sessionToken } : {}),
    },
  });
  const signed = await signer.sign(signable(req, signedHeaders), {
    signingDate: requestDate(req, o.clock),
    signableHeaders: new Set(signedHeaders),
  });
  const expected = AUTH_RE.exec(String(signed.headers.authorization))?.[6] ?? '';
  if (!secureEqual(expected, signature)) {
    throw new HearthError('InvalidSignature', 'The request signature we calculated does not match the signature you provided.');
  }
  return resolved.principal;
}

function requestDate(req: HttpRequest, clock: Clock): Date {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(req.headers['x-amz-date'] ?? '');
  if (!m) throw new HearthError('InvalidSignature', 'The request must carry a valid x-amz-date header.');
  const ms = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
  if (Math.abs(clock.now() - ms) > MAX_SKEW_MS)
    throw new HearthError('InvalidSignature', 'Signature expired: the request time is too far from the server time.');
  return new Date(ms);
}

function signable(req: HttpRequest, signedHeaders: string[]) {
  const headers: Record<string, string> = {};
  for (const h of signedHeaders) {
    const v = req.headers[h];
    if (v === undefined) throw new HearthError('InvalidSignature', `Signed header '${h}' is missing from the request.`);
    headers[h] = v;
  }
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(req.query)) {
    const prev = query[k];
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return {
    method: req.method.toUpperCase(),
    protocol: 'http:',
    hostname: headers.host ?? 'localhost',
    path: req.path,
    query,
    headers,
    body: req.body,
  };
}
