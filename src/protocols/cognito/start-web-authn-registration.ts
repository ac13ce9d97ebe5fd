import type { AuthService } from '../../auth/index.js';
import type { JsonBody } from './json-target-handler.js';
import { requiredString } from './params.js';

/**
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_StartWebAuthnRegistration.html
 * `CredentialCreationOptions` is a JSON document (not a string): PublicKeyCredentialCreationOptionsJSON.
 */
export async function startWebAuthnRegistrationOperation(auth: Pick<AuthService, 'startWebAuthnRegistration'>, body: JsonBody) {
  const r = await auth.startWebAuthnRegistration({ accessToken: requiredString(body, 'AccessToken') });
  return { CredentialCreationOptions: r.credentialCreationOptions };
}
