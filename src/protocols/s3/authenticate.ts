/**
 * Who is asking: the SigV4 signature (header or presigned form) checked with the key's secret, then
 * the key's holder as a StorageCaller. Keys are identity-pool or function credentials (the
 * CredentialIssuer) or Hearth's admin key. Unsigned requests are refused (AccessDenied): no path
 * rule grants anonymous access, as in Amplify (guests sign with identity-pool credentials).
 */
import type { IamPrincipal } from '../../auth/types.js';
import type { StorageCaller } from '../../storage/index.js';
import type { Clock } from '../../util/clock.js';
import { secureEqual } from '../../util/secure-compare.js';
import { type SigningForm, verifyS3Signature } from '../sigv4/verify-s3-signature.js';
import { S3_PATH, type S3Request } from './s3-request.js';

export interface S3AuthDeps {
  region: string;
  clock: Clock;
  credentials: { resolve(accessKeyId: string, sessionToken: string): { secretAccessKey: string; principal: IamPrincipal } | undefined };
  adminKey?: { accessKeyId: string; secretAccessKey: string };
}

export function authenticate(r: S3Request, d: S3AuthDeps): Promise<StorageCaller> {
  return verifyS3Signature<StorageCaller>(r, {
    region: d.region,
    clock: d.clock,
    candidates: signingForms(r, d.region),
    resolve(accessKeyId, sessionToken) {
      if (d.adminKey && !sessionToken && secureEqual(accessKeyId, d.adminKey.accessKeyId))
        return { secretAccessKey: d.adminKey.secretAccessKey, principal: { kind: 'admin' } };
      if (!sessionToken) return undefined;
      const r = d.credentials.resolve(accessKeyId, sessionToken);
      return r && { secretAccessKey: r.secretAccessKey, principal: callerOf(r.principal) };
    },
  });
}

/**
 * The forms a redirected client signed: virtual-hosted (`<bucket>.s3.<region>.amazonaws.com/<key>`,
 * what the Amplify client signs) and path-style on S3's own host.
 */
function signingForms(r: S3Request, region: string): SigningForm[] {
  if (!r.bucket) return [];
  const onS3 = r.path.slice(S3_PATH.length); // `/<bucket>/<key>`
  const afterBucket = onS3.slice(onS3.indexOf('/', 1) === -1 ? onS3.length : onS3.indexOf('/', 1));
  return [
    { host: `${r.bucket}.s3.${region}.amazonaws.com`, path: afterBucket || '/' },
    { host: `s3.${region}.amazonaws.com`, path: onS3 },
  ];
}

function callerOf(p: IamPrincipal): StorageCaller {
  if (p.kind === 'function') return { kind: 'function', functionName: p.functionName };
  return { kind: 'identity', identityId: p.identityId, authenticated: p.authenticated, groups: p.groups ?? [] };
}
