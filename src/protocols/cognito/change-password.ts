import type { AuthService } from '../../auth/index.js';
import type { JsonBody } from './json-target-handler.js';
import { requiredString } from './params.js';

/** https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ChangePassword.html */
export async function changePasswordOperation(auth: Pick<AuthService, 'changePassword'>, body: JsonBody) {
  await auth.changePassword({
    accessToken: requiredString(body, 'AccessToken'),
    previousPassword: requiredString(body, 'PreviousPassword'),
    proposedPassword: requiredString(body, 'ProposedPassword'),
  });
  return {};
}
