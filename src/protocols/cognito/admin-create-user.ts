import { HearthError } from '../../util/errors.js';
import type { Admin } from './admin-wire.js';
import { userType } from './admin-wire.js';
import type { JsonBody } from './json-target-handler.js';
import { attributeList, optionalString, requiredString, stringMap } from './params.js';

function messageAction(body: JsonBody): 'SUPPRESS' | 'RESEND' | undefined {
  const v = optionalString(body, 'MessageAction');
  if (v !== undefined && v !== 'SUPPRESS' && v !== 'RESEND')
    throw new HearthError('InvalidParameter', `Invalid MessageAction ${v}: SUPPRESS or RESEND.`);
  return v;
}

/** https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminCreateUser.html (IAM-signed) */
export async function adminCreateUserOperation(auth: Pick<Admin, 'adminCreateUser'>, body: JsonBody) {
  const u = await auth.adminCreateUser({
    userPoolId: requiredString(body, 'UserPoolId'),
    username: requiredString(body, 'Username'),
    attributes: attributeList(body, 'UserAttributes'),
    temporaryPassword: optionalString(body, 'TemporaryPassword'),
    messageAction: messageAction(body),
    clientMetadata: stringMap(body, 'ClientMetadata'),
    validationData: body.ValidationData === undefined ? undefined : attributeList(body, 'ValidationData'),
  });
  return { User: userType(u) };
}
