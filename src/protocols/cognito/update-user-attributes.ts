import type { AuthService } from '../../auth/index.js';
import type { JsonBody } from './json-target-handler.js';
import { attributeList, requiredString } from './params.js';
import { codeDeliveryDetails } from './wire.js';

/** https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UpdateUserAttributes.html */
export async function updateUserAttributesOperation(auth: Pick<AuthService, 'updateUserAttributes'>, body: JsonBody) {
  const r = await auth.updateUserAttributes({
    accessToken: requiredString(body, 'AccessToken'),
    attributes: attributeList(body, 'UserAttributes'),
  });
  return r.codeDeliveries.length > 0 ? { CodeDeliveryDetailsList: r.codeDeliveries.map(codeDeliveryDetails) } : {};
}
