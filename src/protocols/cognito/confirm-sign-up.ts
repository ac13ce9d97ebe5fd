import type { AuthService } from '../../auth/index.js';
import type { JsonBody } from './json-target-handler.js';
import { requiredString, stringMap } from './params.js';

/** https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ConfirmSignUp.html */
export async function confirmSignUpOperation(auth: Pick<AuthService, 'confirmSignUp' | 'autoSignInSession'>, body: JsonBody) {
  const clientMetadata = stringMap(body, 'ClientMetadata');
  const clientId = requiredString(body, 'ClientId');
  const username = requiredString(body, 'Username');
  const { sub } = await auth.confirmSignUp({
    clientId,
    username,
    code: requiredString(body, 'ConfirmationCode'),
    ...(clientMetadata ? { clientMetadata } : {}),
  });
  // the Session lets the client's USER_AUTH auto sign-in finish without the password
  return { Session: auth.autoSignInSession({ clientId, sub }) };
}
