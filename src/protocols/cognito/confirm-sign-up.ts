import type { AuthService } from '../../auth/index.js';
import type { JsonBody } from './json-target-handler.js';
import { requiredString, stringMap } from './params.js';

/** https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ConfirmSignUp.html */
export async function confirmSignUpOperation(auth: Pick<AuthService, 'confirmSignUp'>, body: JsonBody) {
  const clientMetadata = stringMap(body, 'ClientMetadata');
  await auth.confirmSignUp({
    clientId: requiredString(body, 'ClientId'),
    username: requiredString(body, 'Username'),
    code: requiredString(body, 'ConfirmationCode'),
    ...(clientMetadata ? { clientMetadata } : {}),
  });
  return {};
}
