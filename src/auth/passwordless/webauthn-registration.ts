/**
 * StartWebAuthnRegistration / CompleteWebAuthnRegistration for a signed-in user (aws-amplify's
 * `associateWebAuthnCredential()`). The challenge is kept as a hash beside the user's other codes:
 * one at a time, 5 minutes, used once, so a registration response cannot be replayed.
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_StartWebAuthnRegistration.html
 */
import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import type { UserRecord, WebAuthnStore } from '../../db/ports.js';
import { HearthError } from '../../util/errors.js';
import { secureEqual, sha256Hex } from '../../util/secure-compare.js';
import type { AuthContext } from '../context.js';
import { signedInUser } from '../signed-in-user.js';
import { allowedOrigin, relyingParty } from './relying-party.js';
import { webauthnServer } from './webauthn-server.js';

export const REGISTRATION_TTL_MS = 5 * 60 * 1000;
/** Cognito keeps at most 20 passkeys per user */
export const MAX_CREDENTIALS_PER_USER = 20;
const PURPOSE = 'webauthn_registration';

export type RegistrationDeps = Pick<AuthContext, 'ir' | 'users' | 'verifier' | 'clock' | 'webauthn' | 'issuerBaseUrl' | 'publicBaseUrl'>;

/** The passkey store, when the pool has passkeys; else WebAuthnNotEnabled. */
export function credentialStore(d: Pick<AuthContext, 'webauthn' | 'ir'>): WebAuthnStore {
  if (!d.webauthn || !d.ir.passwordless?.webAuthn) {
    throw new HearthError('WebAuthnNotEnabled', 'Passkeys are not enabled for this user pool (defineAuth loginWith.webAuthn).');
  }
  return d.webauthn;
}

const userName = (u: UserRecord) => u.attributes.email ?? u.username;

export async function startWebAuthnRegistration(d: RegistrationDeps, i: { accessToken: string }) {
  const rp = relyingParty(d);
  const store = credentialStore(d);
  const user = await signedInUser(d, i.accessToken);
  const existing = await store.bySub(user.sub);
  if (existing.length >= MAX_CREDENTIALS_PER_USER) {
    throw new HearthError('LimitExceeded', `A user can register at most ${MAX_CREDENTIALS_PER_USER} passkeys.`);
  }
  const { generateRegistrationOptions } = await webauthnServer();
  const options = await generateRegistrationOptions({
    rpName: rp.id,
    rpID: rp.id,
    userID: Buffer.from(user.sub, 'utf8'),
    userName: userName(user),
    userDisplayName: userName(user),
    timeout: REGISTRATION_TTL_MS,
    attestationType: 'none',
    excludeCredentials: existing.map((c) => ({ id: c.credentialId, transports: c.transports })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: rp.userVerification },
  });
  await d.users.putCode({
    sub: user.sub,
    purpose: PURPOSE,
    codeHash: sha256Hex(options.challenge),
    expiresAt: d.clock.now() + REGISTRATION_TTL_MS,
    attempts: 0,
  });
  return { credentialCreationOptions: options };
}

function parseCredential(value: unknown): RegistrationResponseJSON {
  const c = value as RegistrationResponseJSON | undefined;
  if (typeof c !== 'object' || c === null || typeof c.id !== 'string' || typeof c.response?.attestationObject !== 'string') {
    throw new HearthError('InvalidParameter', 'Credential must be the JSON of a PublicKeyCredential from navigator.credentials.create().');
  }
  return c;
}

/** The verification library's refusal as Cognito's exception. */
function refusal(e: unknown): HearthError {
  const message = e instanceof Error ? e.message : String(e);
  if (/RP ID/i.test(message))
    return new HearthError('WebAuthnRelyingPartyMismatch', `The passkey is for another relying party: ${message}`);
  if (/challenge/i.test(message)) return new HearthError('WebAuthnChallengeNotFound', 'The registration challenge does not match.');
  return new HearthError('WebAuthnCredentialNotSupported', `The passkey could not be verified: ${message}`, e);
}

export async function completeWebAuthnRegistration(d: RegistrationDeps, i: { accessToken: string; credential: unknown }): Promise<void> {
  const rp = relyingParty(d);
  const store = credentialStore(d);
  const user = await signedInUser(d, i.accessToken);
  const credential = parseCredential(i.credential);
  const started = await d.users.getCode(user.sub, PURPOSE);
  if (!started || started.expiresAt <= d.clock.now()) {
    throw new HearthError('WebAuthnChallengeNotFound', 'No passkey registration is in progress for the user, or it expired.');
  }
  const expectedOrigin = allowedOrigin(credential.response.clientDataJSON, rp.id);
  const { verifyRegistrationResponse } = await webauthnServer();
  const verified = await verifyRegistrationResponse({
    response: credential,
    expectedChallenge: (c) => secureEqual(sha256Hex(c), started.codeHash),
    expectedOrigin,
    expectedRPID: rp.id,
    requireUserVerification: rp.userVerification === 'required',
  }).catch((e: unknown) => {
    throw refusal(e);
  });
  if (!verified.verified) throw new HearthError('WebAuthnCredentialNotSupported', 'The passkey could not be verified.');
  await d.users.deleteCode(user.sub, PURPOSE);
  const c = verified.registrationInfo.credential;
  const added = await store.add({
    credentialId: c.id,
    sub: user.sub,
    publicKey: Buffer.from(c.publicKey).toString('base64url'),
    counter: c.counter,
    transports: c.transports ?? credential.response.transports ?? [],
    relyingPartyId: rp.id,
    friendlyName: friendlyName(credential),
    ...(credential.authenticatorAttachment && { authenticatorAttachment: credential.authenticatorAttachment }),
    createdAt: d.clock.now(),
  });
  if (!added) throw new HearthError('InvalidParameter', 'This passkey is registered already.');
}

// Cognito names a passkey after its provider; Hearth knows only how it is attached
function friendlyName(c: RegistrationResponseJSON): string {
  if (c.authenticatorAttachment === 'platform') return 'Passkey on this device';
  if (c.authenticatorAttachment === 'cross-platform') return 'Security key';
  return 'Passkey';
}
