/** x-amz-target operation name → handler. Adding an operation: one file, one line here. */
import type { AuthService } from '../../auth/index.js';
import { adminOperations } from './admin-registry.js';
import { associateSoftwareTokenOperation } from './associate-software-token.js';
import { changePasswordOperation } from './change-password.js';
import { completeWebAuthnRegistrationOperation } from './complete-web-authn-registration.js';
import { confirmForgotPasswordOperation } from './confirm-forgot-password.js';
import { confirmSignUpOperation } from './confirm-sign-up.js';
import { deleteUserOperation } from './delete-user.js';
import { deleteUserAttributesOperation } from './delete-user-attributes.js';
import { deleteWebAuthnCredentialOperation } from './delete-web-authn-credential.js';
import { forgotPasswordOperation } from './forgot-password.js';
import { getTokensFromRefreshTokenOperation } from './get-tokens-from-refresh-token.js';
import { getUserOperation } from './get-user.js';
import { getUserAttributeVerificationCodeOperation } from './get-user-attribute-verification-code.js';
import { globalSignOutOperation } from './global-sign-out.js';
import { initiateAuthOperation } from './initiate-auth.js';
import type { Operation } from './json-target-handler.js';
import { listWebAuthnCredentialsOperation } from './list-web-authn-credentials.js';
import { resendConfirmationCodeOperation } from './resend-confirmation-code.js';
import { respondToAuthChallengeOperation } from './respond-to-auth-challenge.js';
import { revokeTokenOperation } from './revoke-token.js';
import { setUserMfaPreferenceOperation } from './set-user-mfa-preference.js';
import { signUpOperation } from './sign-up.js';
import { startWebAuthnRegistrationOperation } from './start-web-authn-registration.js';
import { updateUserAttributesOperation } from './update-user-attributes.js';
import { verifySoftwareTokenOperation } from './verify-software-token.js';
import { verifyUserAttributeOperation } from './verify-user-attribute.js';

export const cognitoIdpOperations: Record<string, Operation<AuthService>> = {
  ...adminOperations,
  SignUp: signUpOperation,
  ConfirmSignUp: confirmSignUpOperation,
  ResendConfirmationCode: resendConfirmationCodeOperation,
  InitiateAuth: initiateAuthOperation,
  RespondToAuthChallenge: respondToAuthChallengeOperation,
  GetTokensFromRefreshToken: getTokensFromRefreshTokenOperation,
  GetUser: getUserOperation,
  GlobalSignOut: globalSignOutOperation,
  RevokeToken: revokeTokenOperation,
  ForgotPassword: forgotPasswordOperation,
  ConfirmForgotPassword: confirmForgotPasswordOperation,
  ChangePassword: changePasswordOperation,
  UpdateUserAttributes: updateUserAttributesOperation,
  GetUserAttributeVerificationCode: getUserAttributeVerificationCodeOperation,
  VerifyUserAttribute: verifyUserAttributeOperation,
  DeleteUser: deleteUserOperation,
  DeleteUserAttributes: deleteUserAttributesOperation,
  AssociateSoftwareToken: associateSoftwareTokenOperation,
  VerifySoftwareToken: verifySoftwareTokenOperation,
  SetUserMFAPreference: setUserMfaPreferenceOperation,
  StartWebAuthnRegistration: startWebAuthnRegistrationOperation,
  CompleteWebAuthnRegistration: completeWebAuthnRegistrationOperation,
  ListWebAuthnCredentials: listWebAuthnCredentialsOperation,
  DeleteWebAuthnCredential: deleteWebAuthnCredentialOperation,
};
