import type { AuthService } from '../../auth/index.js';
import { HearthError } from '../../util/errors.js';
import type { JsonBody } from './json-target-handler.js';
import { requiredString } from './params.js';

function names(body: JsonBody): string[] {
  const v = body.UserAttributeNames;
  if (!Array.isArray(v) || v.some((n) => typeof n !== 'string')) {
    throw new HearthError(
      'InvalidParameter',
      "1 validation error detected: Value at 'userAttributeNames' failed to satisfy constraint: Member must be a list of strings",
    );
  }
  return v as string[];
}

/** https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DeleteUserAttributes.html */
export async function deleteUserAttributesOperation(auth: Pick<AuthService, 'deleteUserAttributes'>, body: JsonBody) {
  await auth.deleteUserAttributes({ accessToken: requiredString(body, 'AccessToken'), names: names(body) });
  return {};
}
