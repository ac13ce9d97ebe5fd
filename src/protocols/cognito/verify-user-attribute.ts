import type { AuthService } from '../../auth/index.js';
import type { JsonBody } from './json-target-handler.js';
import { requiredString } from './params.js';

/** https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_VerifyUserAttribute.html */
export async function verifyUserAttributeOperation(auth: Pick<AuthService, 'verifyUserAttribute'>, body: JsonBody) {
  await auth.verifyUserAttribute({
    accessToken: requiredString(body, 'AccessToken'),
    attributeName: requiredString(body, 'AttributeName'),
    code: requiredString(body, 'Code'),
  });
  return {};
}
