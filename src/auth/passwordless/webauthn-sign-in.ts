/**
 * WEB_AUTHN as the first factor of USER_AUTH: the challenge carries CREDENTIAL_REQUEST_OPTIONS
 * (the user's passkeys, a fresh challenge sealed into the session), the answer a CREDENTIAL that
 * @simplewebauthn/server verifies against the stored public key. The credential must be the
 * signing-in user's, the challenge this session's, the origin under the relying party, and the
 * signature counter must grow (when the authenticator keeps one); the session is spent by its
 * success, so an assertion cannot be replayed. Failed assertions count towards the lockout.
 */
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { UserRecord, WebAuthnCredentialRecord } from '../../db/ports.js';
import { HearthError } from '../../util/errors.js';
import { assertClient } from '../client-check.js';
import type { AuthContext } from '../context.js';
import { findUser } from '../find-user.js';
import type { FinishDeps } from '../finish-sign-in.js';
import { assertNotLocked, recordFailure, recordSuccess } from '../lockout.js';
import type { AuthResult, FirstFactorChallenge } from '../service-types.js';
import { startSession } from '../sessions.js';
import { assertCanSignIn } from '../sign-in-password.js';
import { type SignInTriggerDeps, userForSignIn } from '../sign-in-triggers.js';
import { assertPoolOffers } from './first-factors.js';
import { openPasswordless, type PasswordlessState, sealPasswordless, spendPasswordless } from './passwordless-session.js';
import { allowedOrigin, relyingParty } from './relying-party.js';
import { credentialStore } from './webauthn-registration.js';
import { webauthnServer } from './webauthn-server.js';

export type WebAuthnSignInDeps = FinishDeps & SignInTriggerDeps & Pick<AuthContext, 'webauthn' | 'issuerBaseUrl' | 'publicBaseUrl'>;

/** The WEB_AUTHN challenge, or undefined when the user has no passkey (the caller offers the other factors). */
export async function startWebAuthnSignIn(
  d: WebAuthnSignInDeps,
  i: { clientId: string; username: string; clientMetadata?: Record<string, string> },
): Promise<FirstFactorChallenge | undefined> {
  assertClient(d.ir, i.clientId);
  assertPoolOffers(d, 'WEB_AUTHN');
  const rp = relyingParty(d);
  const user = await userForSignIn(d, i);
  const passkeys = user?.enabled ? await credentialStore(d).bySub(user.sub) : [];
  if (!user || passkeys.length === 0) return undefined;
  assertNotLocked(d, user, 'WEB_AUTHN');
  const { generateAuthenticationOptions } = await webauthnServer();
  const options = await generateAuthenticationOptions({
    rpID: rp.id,
    allowCredentials: passkeys.map((c) => ({ id: c.credentialId, transports: c.transports })),
    userVerification: rp.userVerification,
    timeout: 3 * 60 * 1000,
  });
  return {
    challengeName: 'WEB_AUTHN',
    session: sealPasswordless(d, { sub: user.sub, clientId: i.clientId, factor: 'WEB_AUTHN', challenge: options.challenge }),
    parameters: { CREDENTIAL_REQUEST_OPTIONS: JSON.stringify(options) },
  };
}

function parseAssertion(raw: string): AuthenticationResponseJSON {
  try {
    const c = JSON.parse(raw) as AuthenticationResponseJSON;
    if (typeof c.id === 'string' && typeof c.response?.signature === 'string') return c;
  } catch {
    // refused below
  }
  throw new HearthError('InvalidParameter', 'CREDENTIAL must be the JSON of a PublicKeyCredential from navigator.credentials.get().');
}

const refused = (why: string, cause?: unknown) => new HearthError('NotAuthorized', `Passkey authentication failed: ${why}`, cause);

async function verify(d: WebAuthnSignInDeps, s: PasswordlessState, stored: WebAuthnCredentialRecord, a: AuthenticationResponseJSON) {
  const rp = relyingParty(d);
  const { verifyAuthenticationResponse } = await webauthnServer();
  const r = await verifyAuthenticationResponse({
    response: a,
    expectedChallenge: s.challenge ?? '',
    expectedOrigin: allowedOrigin(a.response.clientDataJSON, rp.id),
    expectedRPID: rp.id,
    credential: { id: stored.credentialId, publicKey: Buffer.from(stored.publicKey, 'base64url'), counter: stored.counter },
    requireUserVerification: rp.userVerification === 'required',
  }).catch((e: unknown) => {
    if (e instanceof HearthError) throw e;
    const message = e instanceof Error ? e.message : '';
    if (/counter/i.test(message)) throw refused('the signature counter did not grow (a replayed assertion or a cloned passkey).', e);
    throw refused(message || 'the assertion is not valid.', e);
  });
  if (!r.verified) throw refused('the signature does not match the passkey.');
  return r.authenticationInfo.newCounter;
}

async function sessionUser(d: WebAuthnSignInDeps, s: PasswordlessState, username: string): Promise<UserRecord> {
  const user = await d.users.bySub(s.sub);
  const named = await findUser(d.users, username);
  if (!user || named?.sub !== user.sub) throw new HearthError('NotAuthorized', 'Invalid session for the user.');
  return user;
}

export async function answerWebAuthnSignIn(
  d: WebAuthnSignInDeps,
  i: { clientId: string; session: string; username: string; credential: string },
): Promise<AuthResult> {
  assertClient(d.ir, i.clientId);
  const s = openPasswordless(d, { session: i.session, clientId: i.clientId, factor: 'WEB_AUTHN' });
  const user = await sessionUser(d, s, i.username);
  assertNotLocked(d, user, 'WEB_AUTHN');
  const assertion = parseAssertion(i.credential);
  const stored = await credentialStore(d).byId(assertion.id);
  let counter: number;
  try {
    if (stored?.sub !== user.sub) throw refused('the passkey is not registered to this user.');
    counter = await verify(d, s, stored, assertion);
  } catch (e) {
    await recordFailure(d, user, 'WEB_AUTHN');
    throw e;
  }
  await spendPasswordless(d, s);
  if (!(await credentialStore(d).updateCounter(stored.credentialId, stored.counter, counter))) {
    throw refused('the passkey was used by another sign-in at the same time.');
  }
  await recordSuccess(d, user, 'WEB_AUTHN');
  assertCanSignIn(user);
  return startSession(d, user, i.clientId);
}
