/** x-amz-target operation name → handler. Adding an operation: one file, one line here. */
import type { AuthService } from '../../auth/index.js';
import { confirmSignUpOperation } from './confirm-sign-up.js';
import { getTokensFromRefreshTokenOperation } from './get-tokens-from-refresh-token.js';
import { getUserOperation } from './get-user.js';
import { globalSignOutOperation } from './global-sign-out.js';
import { initiateAuthOperation } from './initiate-auth.js';
import type { Operation } from './json-target-handler.js';
import { resendConfirmationCodeOperation } from './resend-confirmation-code.js';
import { respondToAuthChallengeOperation } from './respond-to-auth-challenge.js';
import { revokeTokenOperation } from './revoke-token.js';
import { signUpOperation } from './sign-up.js';

export const cognitoIdpOperations: Record<string, Operation<AuthService>> = {
  SignUp: signUpOperation,
  ConfirmSignUp: confirmSignUpOperation,
  ResendConfirmationCode: resendConfirmationCodeOperation,
  InitiateAuth: initiateAuthOperation,
  RespondToAuthChallenge: respondToAuthChallengeOperation,
  GetTokensFromRefreshToken: getTokensFromRefreshTokenOperation,
  GetUser: getUserOperation,
  GlobalSignOut: globalSignOutOperation,
  RevokeToken: revokeTokenOperation,
};
