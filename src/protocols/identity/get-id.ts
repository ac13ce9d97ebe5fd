import type { AuthService } from '../../auth/index.js';
import type { JsonBody } from '../cognito/json-target-handler.js';
import { requiredString, stringMap } from '../cognito/params.js';

/** https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_GetId.html */
export async function getIdOperation(auth: Pick<AuthService, 'getId'>, body: JsonBody) {
  const identityId = await auth.getId({ identityPoolId: requiredString(body, 'IdentityPoolId'), logins: stringMap(body, 'Logins') });
  return { IdentityId: identityId };
}
