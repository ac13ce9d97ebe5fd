/**
 * The relying party passkeys are bound to, and the origins that may use it. Cognito accepts an
 * origin whose host is the relying party id or a subdomain of it; WebAuthn itself allows plain
 * http only on localhost (a secure context), and so does Hearth.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-authentication-flow-methods.html#amazon-cognito-user-pools-authentication-flow-methods-passkey
 */
import { resolveRelyingPartyId } from '../../ir/compile-auth-passwordless.js';
import type { PasswordlessIR } from '../../ir/types.js';
import { HearthError } from '../../util/errors.js';
import type { AuthContext } from '../context.js';

export interface RelyingParty {
  id: string;
  userVerification: 'required' | 'preferred';
}

/** The pool's passkey settings; throws WebAuthnNotEnabled when the pool has none. */
export function relyingParty(d: Pick<AuthContext, 'ir' | 'issuerBaseUrl' | 'publicBaseUrl'>): RelyingParty {
  const w: PasswordlessIR['webAuthn'] = d.ir.passwordless?.webAuthn;
  if (!w) throw new HearthError('WebAuthnNotEnabled', 'Passkeys are not enabled for this user pool (defineAuth loginWith.webAuthn).');
  return { id: resolveRelyingPartyId(w.relyingPartyId, d.publicBaseUrl ?? d.issuerBaseUrl), userVerification: w.userVerification };
}

/** The origin in a response's clientDataJSON, when it may use relying party `rpId`; else WebAuthnOriginNotAllowed. */
export function allowedOrigin(clientDataJSON: unknown, rpId: string): string {
  let origin: URL | undefined;
  try {
    const data = JSON.parse(Buffer.from(String(clientDataJSON), 'base64url').toString('utf8')) as { origin?: unknown };
    origin = new URL(String(data.origin));
  } catch {
    throw new HearthError('InvalidParameter', 'The credential has no readable clientDataJSON.');
  }
  const host = origin.hostname;
  const underRp = host === rpId || host.endsWith(`.${rpId}`);
  const secure = origin.protocol === 'https:' || (origin.protocol === 'http:' && (host === 'localhost' || host.endsWith('.localhost')));
  if (!underRp || !secure) {
    throw new HearthError('WebAuthnOriginNotAllowed', `The origin ${origin.origin} may not use passkeys of the relying party ${rpId}.`);
  }
  return origin.origin;
}
