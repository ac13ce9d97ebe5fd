import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { CredentialIssuer, IamPrincipal } from '../../auth/types.js';
import type { Clock } from '../../util/clock.js';
import { HearthError } from '../../util/errors.js';
import type { HttpRequest } from '../../util/http.js';
import { secureEqual } from '../../util/secure-compare.js';

const MAX_SKEW_MS = 5 * 60 * 1000;
const AUTH_RE =
  /^AWS4-HMAC-SHA256 Credential=([^/\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$/;

export interface SigV4Deps {
  credentials: CredentialIssuer;
  region: string;
  clock: Clock;
}

interface ParsedAuth {
  accessKeyId: string;
  signedHeaders: string[];
  signature: string;
}

const refuse = (message: string) => new HearthError('NotAuthorized', message);

/**
 * Verifies an AWS SigV4 request signed for service `appsync` (reference §E.2): recomputes the
 * signature over exactly the request's method, path, query, signed headers and body with the
 * secret the credential issuer derives for the access key, and compares in constant time.
 */
export async function verifySigV4(req: HttpRequest, deps: SigV4Deps): Promise<IamPrincipal> {
  const auth = parseAuthorization(req.headers.authorization ?? '', deps.region);
  const signingDate = requestDate(req.headers['x-amz-date'], deps.clock);
  const sessionToken = req.headers['x-amz-security-token'];
  const resolved = sessionToken ? deps.credentials.resolve(auth.accessKeyId, sessionToken) : undefined;
  if (!resolved) throw refuse('The security token included in the request is invalid.');
  const signer = new SignatureV4({
    service: 'appsync',
    region: deps.region,
    sha256: Sha256,
    applyChecksum: false,
    credentials: {
      accessKeyId: auth.accessKeyId,
      secretAccessKey: resolved.secretAccessKey,
      // the signer adds the token header itself: only when the client signed it
      ...(auth.signedHeaders.includes('x-amz-security-token') ? { sessionToken } : {}),
    },
  });
  const signed = await signer.sign(signableRequest(req, auth.signedHeaders), {
    signingDate,
    signableHeaders: new Set(auth.signedHeaders),
  });
  const expected = AUTH_RE.exec(String(signed.headers.authorization))?.[6] ?? '';
  if (!secureEqual(expected, auth.signature)) {
    throw refuse('The request signature we calculated does not match the signature you provided.');
  }
  return resolved.principal;
}

function parseAuthorization(header: string, region: string): ParsedAuth {
  const m = AUTH_RE.exec(header.trim());
  if (!m) throw refuse('Authorization header is not a valid AWS4-HMAC-SHA256 signature.');
  const [, accessKeyId = '', , scopeRegion, service, headers = '', signature = ''] = m;
  if (scopeRegion !== region || service !== 'appsync') throw refuse(`Credential should be scoped to region ${region} and service appsync.`);
  return { accessKeyId, signedHeaders: headers.split(';'), signature };
}

/** `YYYYMMDDTHHMMSSZ`, within five minutes of the server's clock. */
function requestDate(value: string | undefined, clock: Clock): Date {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? '');
  if (!m) throw refuse('The request must carry a valid x-amz-date header.');
  const ms = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
  if (Math.abs(clock.now() - ms) > MAX_SKEW_MS) throw refuse('Signature expired: the request time is too far from the server time.');
  return new Date(ms);
}

function signableRequest(req: HttpRequest, signedHeaders: string[]) {
  const headers: Record<string, string> = {};
  for (const h of signedHeaders) {
    const v = req.headers[h];
    if (v === undefined) throw refuse(`Signed header '${h}' is missing from the request.`);
    headers[h] = v;
  }
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(req.query)) {
    const prev = query[k];
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  const host = headers.host ?? req.headers.host ?? 'localhost';
  return { method: req.method.toUpperCase(), protocol: 'http:', hostname: host, path: req.path, query, headers, body: req.body };
}
