import type { AuthService } from '../../auth/index.js';
import { respondCustomChallenge } from './custom-auth.js';
import type { JsonBody } from './json-target-handler.js';
import { requiredEntry, requiredString, stringMap } from './params.js';
import { respondSelectChallenge } from './select-challenge.js';
import { signInResponse } from './wire.js';

/**
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RespondToAuthChallenge.html
 * PASSWORD_VERIFIER (step 2 of SRP sign-in), then the challenges a sign-in may lead to:
 * SOFTWARE_TOKEN_MFA, EMAIL_OTP, SELECT_MFA_TYPE, MFA_SETUP and NEW_PASSWORD_REQUIRED; and
 * SELECT_CHALLENGE, the first-factor choice of USER_AUTH, and its passwordless factors: EMAIL_OTP
 * (first factor or MFA, told apart by the session) and WEB_AUTHN (a passkey's assertion as CREDENTIAL).
 */
export async function respondToAuthChallengeOperation(
  auth: Pick<
    AuthService,
    | 'respondPasswordVerifier'
    | 'respondToChallenge'
    | 'respondCustomChallenge'
    | 'openFirstFactorChoice'
    | 'signInWithPassword'
    | 'startSrpSignIn'
    | 'startEmailOtpSignIn'
    | 'startWebAuthnSignIn'
    | 'respondEmailOtp'
    | 'answerWebAuthnSignIn'
  >,
  body: JsonBody,
) {
  const challenge = requiredString(body, 'ChallengeName');
  if (challenge === 'CUSTOM_CHALLENGE') return respondCustomChallenge(auth, body);
  if (challenge === 'SELECT_CHALLENGE') return respondSelectChallenge(auth, body);
  const clientId = requiredString(body, 'ClientId');
  const r = stringMap(body, 'ChallengeResponses');
  if (challenge === 'WEB_AUTHN') {
    const session = requiredString(body, 'Session');
    const [username, credential] = [requiredEntry(r, 'USERNAME'), requiredEntry(r, 'CREDENTIAL')];
    return signInResponse(await auth.answerWebAuthnSignIn({ clientId, session, username, credential }));
  }
  if (challenge === 'EMAIL_OTP') {
    const answer = { clientId, challengeName: challenge, session: requiredString(body, 'Session'), responses: r ?? {} };
    return signInResponse(await auth.respondEmailOtp(answer));
  }
  if (challenge !== 'PASSWORD_VERIFIER') {
    const result = await auth.respondToChallenge({
      clientId,
      challengeName: challenge,
      session: requiredString(body, 'Session'),
      responses: r ?? {},
    });
    return signInResponse(result);
  }
  const result = await auth.respondPasswordVerifier({
    clientId,
    username: requiredEntry(r, 'USERNAME'),
    secretBlock: requiredEntry(r, 'PASSWORD_CLAIM_SECRET_BLOCK'),
    timestamp: requiredEntry(r, 'TIMESTAMP'),
    signature: requiredEntry(r, 'PASSWORD_CLAIM_SIGNATURE'),
  });
  return signInResponse(result);
}
