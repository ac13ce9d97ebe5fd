import type { AuthService } from '../../auth/index.js';
import { HearthError } from '../../util/errors.js';
import { srp } from './initiate-auth.js';
import type { JsonBody } from './json-target-handler.js';
import { requiredEntry, requiredString, stringMap } from './params.js';
import { signInResponse } from './wire.js';

type Auth = Pick<
  AuthService,
  'openFirstFactorChoice' | 'signInWithPassword' | 'startSrpSignIn' | 'startEmailOtpSignIn' | 'startWebAuthnSignIn'
>;

/** A passwordless choice; one the pool does not offer was never in AvailableChallenges: InvalidParameter. */
async function passwordless(auth: Auth, i: { clientId: string; username: string; answer: 'EMAIL_OTP' | 'WEB_AUTHN' }) {
  try {
    const c = i.answer === 'EMAIL_OTP' ? await auth.startEmailOtpSignIn(i) : await auth.startWebAuthnSignIn(i);
    if (c) return c;
  } catch (e) {
    if (!(e instanceof HearthError && e.code === 'NotSupported')) throw e;
  }
  throw new HearthError('InvalidParameter', `${i.answer} is not one of the available challenges of this user.`);
}

/**
 * RespondToAuthChallenge SELECT_CHALLENGE (USER_AUTH): the client answers with its first factor,
 * `{ANSWER: 'PASSWORD', USERNAME, PASSWORD}` (tokens or the next challenge) or
 * `{ANSWER: 'PASSWORD_SRP', USERNAME, SRP_A}` (PASSWORD_VERIFIER, then SRP as usual),
 * `{ANSWER: 'EMAIL_OTP', USERNAME}` (a code is mailed: EMAIL_OTP) or `{ANSWER: 'WEB_AUTHN', USERNAME}`
 * (WEB_AUTHN with CREDENTIAL_REQUEST_OPTIONS).
 */
export async function respondSelectChallenge(auth: Auth, body: JsonBody) {
  const clientId = requiredString(body, 'ClientId');
  const r = stringMap(body, 'ChallengeResponses');
  const username = auth.openFirstFactorChoice({
    clientId,
    session: requiredString(body, 'Session'),
    username: requiredEntry(r, 'USERNAME'),
  });
  const answer = requiredEntry(r, 'ANSWER');
  if (answer === 'PASSWORD_SRP') return srp(auth, clientId, { ...r, USERNAME: username });
  if (answer === 'PASSWORD')
    return signInResponse(await auth.signInWithPassword({ clientId, username, password: requiredEntry(r, 'PASSWORD') }));
  if (answer === 'EMAIL_OTP' || answer === 'WEB_AUTHN') return signInResponse(await passwordless(auth, { clientId, username, answer }));
  throw new HearthError(
    'InvalidParameter',
    `${answer} is not a first factor Hearth offers (SMS_OTP needs SMS, which Hearth does not send).`,
  );
}
