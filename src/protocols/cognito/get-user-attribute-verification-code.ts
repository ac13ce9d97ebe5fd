import type { AuthService } from '../../auth/index.js';
import type { JsonBody } from './json-target-handler.js';
import { requiredString } from './params.js';
import { codeDeliveryDetails } from './wire.js';

/** https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetUserAttributeVerificationCode.html */
export async function getUserAttributeVerificationCodeOperation(
  auth: Pick<AuthService, 'getUserAttributeVerificationCode'>,
  body: JsonBody,
) {
  const delivery = await auth.getUserAttributeVerificationCode({
    accessToken: requiredString(body, 'AccessToken'),
    attributeName: requiredString(body, 'AttributeName'),
  });
  return { CodeDeliveryDetails: codeDeliveryDetails(delivery) };
}
