import type { AuthService } from '../../auth/index.js';
import type { JsonBody } from './json-target-handler.js';
import { requiredString } from './params.js';
import { codeDeliveryDetails } from './wire.js';

/** https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ForgotPassword.html */
export async function forgotPasswordOperation(auth: Pick<AuthService, 'forgotPassword'>, body: JsonBody) {
  const delivery = await auth.forgotPassword({ clientId: requiredString(body, 'ClientId'), username: requiredString(body, 'Username') });
  return { CodeDeliveryDetails: codeDeliveryDetails(delivery) };
}
