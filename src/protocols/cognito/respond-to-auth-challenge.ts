import type { AuthService } from '../../auth/index.js';
import { HearthError } from '../../util/errors.js';
import type { JsonBody } from './json-target-handler.js';
import { requiredEntry, requiredString, stringMap } from './params.js';
import { authenticationResult } from './wire.js';

/**
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RespondToAuthChallenge.html
 * Only PASSWORD_VERIFIER (step 2 of SRP sign-in) so far.
 */
export async function respondToAuthChallengeOperation(auth: Pick<AuthService, 'respondPasswordVerifier'>, body: JsonBody) {
  const challenge = requiredString(body, 'ChallengeName');
  const clientId = requiredString(body, 'ClientId');
  if (challenge !== 'PASSWORD_VERIFIER') {
    throw new HearthError('NotSupported', `Hearth does not implement ChallengeName ${challenge} yet`);
  }
  const r = stringMap(body, 'ChallengeResponses');
  const result = await auth.respondPasswordVerifier({
    clientId,
    username: requiredEntry(r, 'USERNAME'),
    secretBlock: requiredEntry(r, 'PASSWORD_CLAIM_SECRET_BLOCK'),
    timestamp: requiredEntry(r, 'TIMESTAMP'),
    signature: requiredEntry(r, 'PASSWORD_CLAIM_SIGNATURE'),
  });
  return { ChallengeParameters: {}, AuthenticationResult: authenticationResult(result) };
}
