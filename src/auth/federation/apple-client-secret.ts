/**
 * Sign in with Apple's client secret: not a fixed string but an ES256 JWT the app signs with its
 * private key (iss = team id, sub = services id, aud = Apple), valid up to six months. Made once and
 * reused until an hour before it expires.
 * https://developer.apple.com/documentation/accountorganizationaldatasharing/creating-a-client-secret
 */
import { importPKCS8, SignJWT } from 'jose';
import { type Clock, epochSeconds } from '../../util/clock.js';

export interface AppleKey {
  teamId: string;
  keyId: string;
  /** the .p8 key file's PEM text */
  privateKey: string;
  clientId: string;
  /** the audience: Apple's issuer */
  audience: string;
}

const LIFETIME_S = 86_400 * 30;

export function appleClientSecret(k: AppleKey, clock: Clock): () => Promise<string> {
  let cached: { jwt: string; exp: number } | undefined;
  return async () => {
    const now = epochSeconds(clock);
    if (cached && cached.exp - 3600 > now) return cached.jwt;
    const key = await importPKCS8(k.privateKey.replace(/\\n/g, '\n'), 'ES256');
    const exp = now + LIFETIME_S;
    const jwt = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid: k.keyId })
      .setIssuer(k.teamId)
      .setSubject(k.clientId)
      .setAudience(k.audience)
      .setIssuedAt(now)
      .setExpirationTime(exp)
      .sign(key);
    cached = { jwt, exp };
    return jwt;
  };
}
