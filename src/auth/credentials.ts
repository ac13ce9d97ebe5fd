/**
 * Stateless temporary credentials (see CredentialIssuer in ./types.ts).
 *   sessionToken    = base64url(JSON {p, exp, akid}) "." base64url(HMAC(key, "session:" + payload))
 *   secretAccessKey = base64url(HMAC(key, "secret:" + sessionToken))
 * Any instance holding the key re-derives the secret from the token, so verifying a SigV4
 * signature needs no lookup; a forged, altered or expired token resolves to undefined.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Clock } from '../util/clock.js';
import { secureEqual } from '../util/secure-compare.js';
import type { CredentialIssuer, IamPrincipal } from './types.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** `ASIA` + 16 upper-case alphanumerics, the shape of an STS temporary access key id. */
function accessKeyId(): string {
  const bytes = randomBytes(16);
  let id = 'ASIA';
  for (const b of bytes) id += ALPHABET[b & 31];
  return id;
}

interface Envelope {
  p: IamPrincipal;
  exp: number;
  akid: string;
}

export function createCredentialIssuer(serverKey: Buffer, clock: Clock): CredentialIssuer {
  const mac = (data: string) => createHmac('sha256', serverKey).update(data).digest('base64url');
  const secretFor = (sessionToken: string) => mac(`secret:${sessionToken}`);

  function open(sessionToken: string): Envelope | undefined {
    const dot = sessionToken.lastIndexOf('.');
    if (dot <= 0) return undefined;
    const payload = sessionToken.slice(0, dot);
    if (!secureEqual(mac(`session:${payload}`), sessionToken.slice(dot + 1))) return undefined;
    try {
      return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Envelope;
    } catch {
      return undefined;
    }
  }

  return {
    issue(principal, ttlSeconds) {
      const akid = accessKeyId();
      const exp = clock.now() + ttlSeconds * 1000;
      const payload = Buffer.from(JSON.stringify({ p: principal, exp, akid } satisfies Envelope)).toString('base64url');
      const sessionToken = `${payload}.${mac(`session:${payload}`)}`;
      return { accessKeyId: akid, secretAccessKey: secretFor(sessionToken), sessionToken, expiration: exp };
    },
    resolve(akid, sessionToken) {
      const env = open(sessionToken);
      if (!env || typeof env.exp !== 'number' || typeof env.akid !== 'string') return undefined;
      if (!secureEqual(env.akid, akid) || env.exp <= clock.now()) return undefined;
      return { secretAccessKey: secretFor(sessionToken), principal: env.p };
    },
  };
}
