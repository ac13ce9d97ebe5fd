import type { AuthService } from '../../auth/index.js';
import { HearthError } from '../../util/errors.js';
import type { JsonBody } from './json-target-handler.js';
import { requiredString } from './params.js';

/**
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CompleteWebAuthnRegistration.html
 * `Credential` is a JSON document: the RegistrationResponseJSON of navigator.credentials.create().
 */
export async function completeWebAuthnRegistrationOperation(auth: Pick<AuthService, 'completeWebAuthnRegistration'>, body: JsonBody) {
  const credential = body.Credential;
  if (typeof credential !== 'object' || credential === null || Array.isArray(credential)) {
    throw new HearthError(
      'InvalidParameter',
      "1 validation error detected: Value at 'credential' failed to satisfy constraint: Member must not be null",
    );
  }
  await auth.completeWebAuthnRegistration({ accessToken: requiredString(body, 'AccessToken'), credential });
  return {};
}
