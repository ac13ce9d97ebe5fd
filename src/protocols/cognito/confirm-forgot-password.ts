import type { AuthService } from '../../auth/index.js';
import type { JsonBody } from './json-target-handler.js';
import { requiredString } from './params.js';

/** https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ConfirmForgotPassword.html */
export async function confirmForgotPasswordOperation(auth: Pick<AuthService, 'confirmForgotPassword'>, body: JsonBody) {
  await auth.confirmForgotPassword({
    clientId: requiredString(body, 'ClientId'),
    username: requiredString(body, 'Username'),
    code: requiredString(body, 'ConfirmationCode'),
    password: requiredString(body, 'Password'),
  });
  return {};
}
