import type { AuthService } from '../../auth/index.js';
import type { JsonBody } from './json-target-handler.js';
import { requiredString } from './params.js';

/** https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DeleteWebAuthnCredential.html */
export async function deleteWebAuthnCredentialOperation(auth: Pick<AuthService, 'deleteWebAuthnCredential'>, body: JsonBody) {
  await auth.deleteWebAuthnCredential({
    accessToken: requiredString(body, 'AccessToken'),
    credentialId: requiredString(body, 'CredentialId'),
  });
  return {};
}
