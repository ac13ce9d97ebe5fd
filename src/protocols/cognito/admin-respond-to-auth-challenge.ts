import { HearthError } from '../../util/errors.js';
import type { Admin } from './admin-wire.js';
import { respondCustomChallenge } from './custom-auth.js';
import type { JsonBody } from './json-target-handler.js';
import { requiredString, stringMap } from './params.js';
import { signInResponse } from './wire.js';

/**
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminRespondToAuthChallenge.html (IAM-signed)
 * Answers the challenges AdminInitiateAuth leads to (NEW_PASSWORD_REQUIRED, MFA, CUSTOM_CHALLENGE).
 */
export async function adminRespondToAuthChallengeOperation(
  auth: Pick<Admin, 'respondToChallenge' | 'respondCustomChallenge' | 'userPoolId'>,
  body: JsonBody,
) {
  const userPoolId = requiredString(body, 'UserPoolId');
  if (userPoolId !== auth.userPoolId) throw new HearthError('ResourceNotFound', `User pool ${userPoolId} does not exist.`);
  const challengeName = requiredString(body, 'ChallengeName');
  if (challengeName === 'CUSTOM_CHALLENGE') return respondCustomChallenge(auth, body);
  const result = await auth.respondToChallenge({
    clientId: requiredString(body, 'ClientId'),
    challengeName,
    session: requiredString(body, 'Session'),
    responses: stringMap(body, 'ChallengeResponses') ?? {},
  });
  return signInResponse(result);
}
