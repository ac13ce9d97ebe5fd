import type { AuthService } from '../../auth/index.js';
import type { JsonBody } from '../cognito/json-target-handler.js';
import { requiredString, stringMap } from '../cognito/params.js';

/** https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_GetCredentialsForIdentity.html */
export async function getCredentialsForIdentityOperation(auth: Pick<AuthService, 'getCredentialsForIdentity'>, body: JsonBody) {
  const c = await auth.getCredentialsForIdentity({ identityId: requiredString(body, 'IdentityId'), logins: stringMap(body, 'Logins') });
  return {
    IdentityId: c.identityId,
    Credentials: { AccessKeyId: c.accessKeyId, SecretKey: c.secretKey, SessionToken: c.sessionToken, Expiration: c.expiration },
  };
}
