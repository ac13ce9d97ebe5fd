import { HearthError } from '../../util/errors.js';
import type { Admin } from './admin-wire.js';
import type { JsonBody } from './json-target-handler.js';
import { requiredEntry, requiredString, stringMap } from './params.js';
import { authenticationResult, signInResponse } from './wire.js';

/**
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminInitiateAuth.html (IAM-signed)
 * Flows: ADMIN_USER_PASSWORD_AUTH (alias ADMIN_NO_SRP_AUTH) and REFRESH_TOKEN_AUTH (alias REFRESH_TOKEN).
 */
export async function adminInitiateAuthOperation(auth: Pick<Admin, 'signInWithPassword' | 'refresh' | 'userPoolId'>, body: JsonBody) {
  const userPoolId = requiredString(body, 'UserPoolId');
  if (userPoolId !== auth.userPoolId) throw new HearthError('ResourceNotFound', `User pool ${userPoolId} does not exist.`);
  const flow = requiredString(body, 'AuthFlow');
  const clientId = requiredString(body, 'ClientId');
  const p = stringMap(body, 'AuthParameters');
  switch (flow) {
    case 'ADMIN_USER_PASSWORD_AUTH':
    case 'ADMIN_NO_SRP_AUTH': {
      const r = await auth.signInWithPassword({ clientId, username: requiredEntry(p, 'USERNAME'), password: requiredEntry(p, 'PASSWORD') });
      return signInResponse(r);
    }
    case 'REFRESH_TOKEN_AUTH':
    case 'REFRESH_TOKEN': {
      const r = await auth.refresh({ clientId, refreshToken: requiredEntry(p, 'REFRESH_TOKEN') });
      return { ChallengeParameters: {}, AuthenticationResult: authenticationResult(r) };
    }
    default:
      throw new HearthError('InvalidParameter', `Hearth does not implement AuthFlow ${flow} for AdminInitiateAuth`);
  }
}
