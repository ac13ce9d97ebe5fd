import type { AuthService } from '../../auth/index.js';
import { HearthError } from '../../util/errors.js';
import { initiateCustomAuth } from './custom-auth.js';
import type { JsonBody } from './json-target-handler.js';
import { optionalString, requiredEntry, requiredString, stringMap } from './params.js';
import { authenticationResult, signInResponse } from './wire.js';

type Auth = Pick<
  AuthService,
  | 'startSrpSignIn'
  | 'signInWithPassword'
  | 'refresh'
  | 'signInWithSignUpSession'
  | 'startCustomAuth'
  | 'startFirstFactorChoice'
  | 'startEmailOtpSignIn'
  | 'startWebAuthnSignIn'
>;

/** PASSWORD_VERIFIER, step 1 of SRP (also the answer to a SELECT_CHALLENGE choice of PASSWORD_SRP). */
export async function srp(auth: Pick<AuthService, 'startSrpSignIn'>, clientId: string, p: Record<string, string> | undefined) {
  const c = await auth.startSrpSignIn({ clientId, username: requiredEntry(p, 'USERNAME'), srpA: requiredEntry(p, 'SRP_A') });
  return {
    ChallengeName: 'PASSWORD_VERIFIER',
    ChallengeParameters: {
      SALT: c.salt,
      SRP_B: c.srpB,
      SECRET_BLOCK: c.secretBlock,
      USER_ID_FOR_SRP: c.userIdForSrp,
      USERNAME: c.userIdForSrp,
    },
  };
}

/** SELECT_CHALLENGE: the first factors this user may choose. */
export async function selectChallenge(auth: Pick<AuthService, 'startFirstFactorChoice'>, clientId: string, username: string) {
  const c = await auth.startFirstFactorChoice({ clientId, username });
  return { ChallengeName: 'SELECT_CHALLENGE', Session: c.session, ChallengeParameters: {}, AvailableChallenges: c.availableChallenges };
}

/**
 * USER_AUTH (choice-based sign-in): with the Session of ConfirmSignUp (auto sign-in), with
 * PREFERRED_CHALLENGE PASSWORD / PASSWORD_SRP / EMAIL_OTP / WEB_AUTHN (a user without a passkey is
 * offered the other factors), or without a preference, answered by SELECT_CHALLENGE.
 * SMS_OTP, and a factor the pool does not enable, are UnsupportedOperationException.
 */
async function userAuth(auth: Auth, clientId: string, p: Record<string, string> | undefined, session: string | undefined) {
  const username = requiredEntry(p, 'USERNAME');
  if (session) return signInResponse(await auth.signInWithSignUpSession({ clientId, username, session }));
  const preferred = p?.PREFERRED_CHALLENGE;
  if (preferred === 'PASSWORD_SRP') return srp(auth, clientId, p);
  if (preferred === 'PASSWORD') {
    return signInResponse(await auth.signInWithPassword({ clientId, username, password: requiredEntry(p, 'PASSWORD') }));
  }
  if (preferred === 'EMAIL_OTP') return signInResponse(await auth.startEmailOtpSignIn({ clientId, username }));
  if (preferred === 'WEB_AUTHN') {
    const c = await auth.startWebAuthnSignIn({ clientId, username });
    return c ? signInResponse(c) : selectChallenge(auth, clientId, username);
  }
  if (!preferred) return selectChallenge(auth, clientId, username);
  throw new HearthError(
    'NotSupported',
    preferred === 'SMS_OTP'
      ? 'SMS_OTP is not available: Hearth sends no SMS; use EMAIL_OTP.'
      : `PREFERRED_CHALLENGE ${preferred} is not a first factor of USER_AUTH.`,
  );
}

/**
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_InitiateAuth.html
 * Flows: USER_SRP_AUTH (the client's default), USER_PASSWORD_AUTH, REFRESH_TOKEN_AUTH (alias REFRESH_TOKEN).
 */
export async function initiateAuthOperation(auth: Auth, body: JsonBody) {
  const flow = requiredString(body, 'AuthFlow');
  const clientId = requiredString(body, 'ClientId');
  const p = stringMap(body, 'AuthParameters');
  switch (flow) {
    case 'USER_SRP_AUTH':
      return srp(auth, clientId, p);
    case 'USER_PASSWORD_AUTH': {
      const r = await auth.signInWithPassword({ clientId, username: requiredEntry(p, 'USERNAME'), password: requiredEntry(p, 'PASSWORD') });
      return signInResponse(r);
    }
    case 'USER_AUTH':
      return userAuth(auth, clientId, p, optionalString(body, 'Session'));
    case 'REFRESH_TOKEN_AUTH':
    case 'REFRESH_TOKEN': {
      const r = await auth.refresh({ clientId, refreshToken: requiredEntry(p, 'REFRESH_TOKEN') });
      return { ChallengeParameters: {}, AuthenticationResult: authenticationResult(r) };
    }
    case 'CUSTOM_AUTH':
      return initiateCustomAuth(auth, clientId, body);
    default:
      throw new HearthError('NotSupported', `Hearth does not implement AuthFlow ${flow} yet`);
  }
}
