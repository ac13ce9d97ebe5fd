import type { AuthService } from '../../auth/index.js';
import type { JsonBody } from './json-target-handler.js';
import { attributeList, requiredString, stringMap } from './params.js';
import { codeDeliveryDetails } from './wire.js';

/** https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SignUp.html */
export async function signUpOperation(auth: Pick<AuthService, 'signUp'>, body: JsonBody) {
  const r = await auth.signUp({
    clientId: requiredString(body, 'ClientId'),
    username: requiredString(body, 'Username'),
    password: requiredString(body, 'Password'),
    attributes: attributeList(body, 'UserAttributes'),
    validationData: body.ValidationData === undefined ? undefined : attributeList(body, 'ValidationData'),
    clientMetadata: stringMap(body, 'ClientMetadata'),
  });
  const delivery = r.codeDelivery ? { CodeDeliveryDetails: codeDeliveryDetails(r.codeDelivery) } : {};
  return { UserConfirmed: r.userConfirmed, UserSub: r.userSub, ...delivery };
}
